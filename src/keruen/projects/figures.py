"""The counting rule: which projects a figure adds up, written once for every surface.

Every total Keruen shows — the dashboard's cards, a list's footer, an export's totals row, the
briefing, `keruen summary`, `/api/v1/summary/` — is `totals(selection)` over a selection from
`project_list`, and every "you see N of M" is `coverage(...)`. The rule (docs/figures.md):

1. **Counted in totals.** A project whose `counts_in_totals` is off is already counted elsewhere —
   usually a phase whose parent carries the whole amount. It is listed, exported and can be
   opened, but adds nothing to a count, an amount or a number of jobs.
2. **Once per total.** A project adds once to any total, however many regions, sectors or
   investor countries it has. In a breakdown by region (sector, country) it adds to each of its
   rows, so the rows can add up to more than the total; `Coverage.in_several_regions` says by how
   many, and the pages say so beside the breakdown.
3. **What the reader may see.** Figures count the projects the reader may see. `Coverage.hidden`
   is how many of the projects counted for the same selection the reader does not see — a number,
   never names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast, overload

from django.db.models import Count, Q, QuerySet, Sum

from keruen.accounts.selectors import user_scope
from keruen.agreements.selectors import AgreementFilters, agreement_list
from keruen.projects import cube
from keruen.projects.models import Project, Stage
from keruen.projects.selectors import ProjectFilters, project_list

T = TypeVar("T")

#: Narrows a selection further than `ProjectFilters` can (e.g. "stalled for 12 months").
Narrow = Callable[[QuerySet[Project]], QuerySet[Project]]


def counted(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects of `projects` that add to totals."""
    return projects.filter(counts_in_totals=True)


@dataclass(frozen=True)
class Totals:
    """What the counted projects of a selection add up to."""

    projects: int
    investment_usd: Decimal
    foreign_investment_usd: Decimal
    jobs_planned: int
    jobs_created: int
    construction_jobs_planned: int

    def to_json_dict(self) -> dict[str, Any]:
        """The fields in their order, amounts as floats."""
        return {
            name: float(value) if isinstance(value, Decimal) else value
            for name, value in dataclasses.asdict(self).items()
        }


def totals(projects: QuerySet[Project]) -> Totals:
    """The totals of `projects` by the counting rule (one aggregate query).

    `projects` must hold each project once (as `project_list` returns it): the sums are plain
    sums over its rows.
    """
    agg = counted(projects).aggregate(
        n=Count("pk"),
        inv=Sum("total_investment_usd"),
        foreign=Sum("foreign_investment_usd"),
        jobs=Sum("jobs_planned"),
        created=Sum("jobs_created"),
        cjobs=Sum("construction_jobs_planned"),
    )
    return Totals(
        projects=agg["n"] or 0,
        investment_usd=agg["inv"] or Decimal(0),
        foreign_investment_usd=agg["foreign"] or Decimal(0),
        jobs_planned=agg["jobs"] or 0,
        jobs_created=agg["created"] or 0,
        construction_jobs_planned=agg["cjobs"] or 0,
    )


@dataclass(frozen=True)
class Coverage:
    """How a reader's selection relates to the registry's, in numbers.

    - `records`: projects listed (what the list and the export show);
    - `counted`: of those, the ones that add to totals;
    - `in_parent` / `elsewhere`: the others — phases counted in their parent project, and
      projects marked as counted elsewhere without a parent;
    - `registry`: projects counted for the same selection by a reader who sees everything;
    - `in_several_regions`: counted projects with more than one region (each adds to every
      region's row of a breakdown, once to the total);
    - `public`: the reader is the public (the open edition).
    """

    records: int
    counted: int
    in_parent: int
    elsewhere: int
    registry: int
    in_several_regions: int
    public: bool

    @property
    def not_counted(self) -> int:
        return self.records - self.counted

    @property
    def hidden(self) -> int:
        """Counted projects of the selection the reader may not see."""
        return max(self.registry - self.counted, 0)

    @property
    def sees_everything(self) -> bool:
        return self.hidden == 0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "counted": self.counted,
            "not_counted": self.not_counted,
            "counted_in_parent": self.in_parent,
            "counted_elsewhere": self.elsewhere,
            "registry_counted": self.registry,
            "hidden": self.hidden,
            "in_several_regions": self.in_several_regions,
            "public": self.public,
        }


def in_summary_tables(filters: ProjectFilters) -> bool:
    """Whether the summary tables (`keruen.projects.cube`) hold this selection's figures: the
    whole registry, or a portfolio, a region, a stage, a confidentiality (the cells' keys and
    stages tell those apart). Other filters (a sector, an investor, a search...) select projects
    the tables do not tell apart, so their figures come from the projects."""
    return (
        dataclasses.replace(filters, portfolio=None, region=None, stage=None, confidentiality=None)
        == ProjectFilters()
    )


def _keys(user: Any, f: ProjectFilters) -> QuerySet[cube.SummaryKey]:
    keys = cube.visible_keys(user=user, portfolio=f.portfolio)
    if f.region:
        keys = keys.filter(regions__region__code=f.region)
    if f.confidentiality:
        keys = keys.filter(confidentiality=f.confidentiality)
    return keys


def listed_count(*, user: Any, filters: ProjectFilters) -> int | None:
    """How many projects `project_list(user=user, filters=filters)` lists, from the summary
    tables when they hold the selection (`in_summary_tables`); None when they do not (the list
    is then counted itself)."""
    if not in_summary_tables(filters):
        return None
    return cube.listed_total(_keys(user, filters), stage=filters.stage)


def totals_and_coverage(
    *,
    user: Any,
    filters: ProjectFilters,
    projects: QuerySet[Project],
    narrow: Narrow | None = None,
) -> tuple[Totals, Coverage]:
    """`totals(projects)` and `coverage(...)` of a list's selection (`projects`: its rows, that
    `filters` and `narrow` select), from the summary tables when they hold it."""
    if narrow is None and in_summary_tables(filters):
        t, cov, _by_stage = _summary_tables(user, filters)
        return t, cov
    return totals(projects), coverage(user=user, filters=filters, narrow=narrow)


def coverage(
    *, user: Any, filters: ProjectFilters | None = None, narrow: Narrow | None = None
) -> Coverage:
    """The reader's selection against everything (two aggregate queries)."""
    f = filters or ProjectFilters()
    if narrow is None and in_summary_tables(f):
        return _summary_tables(user, f)[1]
    mine = project_list(user=user, filters=f)
    everything = project_list(user=None, filters=f)
    if narrow is not None:
        mine, everything = narrow(mine), narrow(everything)
    agg = mine.order_by().aggregate(
        records=Count("pk"),
        counted=Count("pk", filter=Q(counts_in_totals=True)),
        in_parent=Count("pk", filter=Q(counts_in_totals=False, parent__isnull=False)),
    )
    several = (
        counted(mine)
        .order_by()
        .annotate(n_regions=Count("regions", distinct=True))
        .filter(n_regions__gt=1)
        .count()
    )
    scope = user_scope(user)
    return Coverage(
        records=agg["records"],
        counted=agg["counted"],
        in_parent=agg["in_parent"],
        elsewhere=agg["records"] - agg["counted"] - agg["in_parent"],
        registry=counted(everything).count() if not scope.is_coordinator else agg["counted"],
        in_several_regions=several,
        public=not scope.authenticated,
    )


class _Total(Generic[T]):
    """A headline figure of a `Summary`: its totals' field of the same name."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, summary: None, owner: type) -> _Total[T]: ...
    @overload
    def __get__(self, summary: Summary, owner: type) -> T: ...
    def __get__(self, summary: Summary | None, owner: type) -> _Total[T] | T:
        if summary is None:
            return self
        return cast(T, getattr(summary.totals, self.name))


@dataclass(frozen=True)
class Summary:
    """The headline figures of a selection, as every surface shows them."""

    filters: ProjectFilters
    totals: Totals
    coverage: Coverage
    agreements: int
    agreements_value_usd: Decimal
    by_stage: dict[str, dict[str, Any]] = field(default_factory=dict)

    # The names the pages, the brief and the CLI have always used.
    @property
    def portfolio(self) -> str | None:
        return self.filters.portfolio

    projects = _Total[int]()
    investment_usd = _Total[Decimal]()
    foreign_investment_usd = _Total[Decimal]()
    jobs_planned = _Total[int]()
    jobs_created = _Total[int]()
    construction_jobs_planned = _Total[int]()

    @property
    def excluded_from_totals(self) -> int:
        return self.coverage.not_counted

    def to_json_dict(self) -> dict[str, Any]:
        f = self.filters
        return {
            "portfolio": f.portfolio,
            "filters": {
                k: v
                for k, v in (
                    ("portfolio", f.portfolio),
                    ("region", f.region),
                    ("sector", f.sector),
                    ("stage", f.stage),
                )
                if v
            },
            **self.totals.to_json_dict(),
            "agreements": self.agreements,
            "agreements_value_usd": float(self.agreements_value_usd),
            "by_stage": self.by_stage,
            "excluded_from_totals": self.excluded_from_totals,
            "coverage": self.coverage.to_json_dict(),
        }


def _summary_tables(
    user: Any, f: ProjectFilters
) -> tuple[Totals, Coverage, dict[str, dict[str, Any]]]:
    """Totals, coverage and the counted projects by stage, from the summary tables (three
    queries over their cells, whatever the number of projects)."""
    keys = _keys(user, f)
    sums = {k: v for k, v in cube.stage_sums(keys).items() if not f.stage or k[1] == f.stage}

    def add(kind: str | None, name: str) -> Any:
        return sum(v[name] for (k, _s), v in sums.items() if kind is None or k == kind)

    c = cube.Kind.COUNTED
    scope = user_scope(user)
    n_counted = add(c, "n")
    records = add(None, "n")
    in_parent = add(cube.Kind.IN_PARENT, "n")
    t = Totals(
        projects=n_counted,
        investment_usd=Decimal(add(c, "inv")),
        foreign_investment_usd=Decimal(add(c, "foreign")),
        jobs_planned=add(c, "jobs"),
        jobs_created=add(c, "created"),
        construction_jobs_planned=add(c, "cjobs"),
    )
    registry = (
        n_counted if scope.is_coordinator else cube.counted_total(_keys(None, f), stage=f.stage)
    )
    cov = Coverage(
        records=records,
        counted=n_counted,
        in_parent=in_parent,
        elsewhere=records - n_counted - in_parent,
        registry=registry,
        in_several_regions=cube.counted_total(keys, stage=f.stage, several_regions=True),
        public=not scope.authenticated,
    )
    by_stage = {
        stage: {"projects": v["n"], "investment_usd": float(v["inv"])}
        for (kind, stage), v in sums.items()
        if kind == c
    }
    return t, cov, by_stage


def summary(*, user: Any, filters: ProjectFilters | None = None) -> Summary:
    """Headline figures of the projects `filters` select (by the counting rule) and of the
    agreements of the same portfolio, region and sector."""
    f = filters or ProjectFilters()
    if in_summary_tables(f):
        t, cov, by_stage = _summary_tables(user, f)
    else:
        projects = project_list(user=user, filters=f)
        by_stage = {
            row["stage"]: {"projects": row["n"], "investment_usd": float(row["inv"] or 0)}
            for row in counted(projects)
            .order_by()
            .values("stage")
            .annotate(n=Count("pk"), inv=Sum("total_investment_usd"))
        }
        t, cov = totals(projects), coverage(user=user, filters=f)
    agreements = agreement_list(
        user=user,
        filters=AgreementFilters(portfolio=f.portfolio, region=f.region, sector=f.sector),
    )
    agg = agreements.order_by().aggregate(n=Count("pk", distinct=True), v=Sum("value_usd"))
    return Summary(
        filters=f,
        totals=t,
        coverage=cov,
        agreements=agg["n"] or 0,
        agreements_value_usd=agg["v"] or Decimal(0),
        by_stage={
            s.value: by_stage.get(s.value, {"projects": 0, "investment_usd": 0.0}) for s in Stage
        },
    )
