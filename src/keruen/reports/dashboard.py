"""The figures the dashboard shows, read through the viewer's access.

Each function answers one panel with a few aggregate queries (their number does not depend on the
number of projects) and returns plain rows, which the chart functions (`charts.py`, `maps.py`)
and the PDF briefing turn into Vega-Lite specs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from keruen.parties.models import Organization
from keruen.projects import cube
from keruen.projects.models import Project, ProjectFact, ProjectInvestor, Stage
from keruen.projects.selectors import DEFAULT_STALLED_MONTHS, months_ago, stalled_q
from keruen.reference.models import Country, Region, Sector


def counted_projects(*, user: Any, portfolio: str | None = None) -> QuerySet[Project]:
    """The projects the figures add up: visible to `user`, counted in totals.

    The same rows as `project_list(..., ProjectFilters(portfolio=..., counted_only=True))`,
    joined rather than wrapped in a subquery: a project belongs to a portfolio once, so the join
    repeats no row, and every aggregate over 100,000 projects stays one pass.
    """
    qs = Project.objects.restrict(user, "view").filter(counts_in_totals=True)
    if portfolio:
        qs = qs.filter(portfolios__slug=portfolio)
    return qs


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    projects: int
    investment_usd: float
    stalled: int = 0

    @property
    def stalled_share(self) -> float:
        return self.stalled / self.projects if self.projects else 0.0


def by_region(
    projects: QuerySet[Project], *, stalled_months: int = DEFAULT_STALLED_MONTHS
) -> list[RegionRow]:
    """Every one of the 20 regions, with zero where nothing is recorded."""
    agg = {
        r["regions__code"]: r
        for r in projects.order_by()
        .values("regions__code")
        .annotate(
            n=Count("pk", distinct=True),
            inv=Sum("total_investment_usd"),
            stalled=Count("pk", distinct=True, filter=stalled_q(stalled_months)),
        )
    }
    rows = []
    for region in Region.objects.order_by("code"):
        a: Any = agg.get(region.code, {})
        rows.append(
            RegionRow(
                code=region.code,
                name=region.localized_name(),
                projects=a.get("n", 0) or 0,
                investment_usd=float(a.get("inv") or 0),
                stalled=a.get("stalled", 0) or 0,
            )
        )
    return rows


@dataclass(frozen=True)
class SectorRow:
    code: str
    name: str
    projects: int
    investment_usd: float


def _grouped(projects: QuerySet[Project], pairs_sql: str) -> dict[str, tuple[int, float]]:
    """key → (projects, investment) over DISTINCT (key, project) pairs, in one SQL query:
    a project with two sub-sectors of one sector, or two investors of one country, counts once.
    """
    sub, params = projects.values("pk").query.sql_with_params()
    p = Project._meta.db_table
    sql = (
        f"SELECT k, COUNT(*), SUM(inv) FROM (SELECT DISTINCT pairs.k AS k, pr.id AS id, "
        f"pr.total_investment_usd AS inv FROM ({pairs_sql}) pairs "
        f"JOIN {p} pr ON pr.id = pairs.project_id WHERE pr.id IN ({sub})) t GROUP BY k"
    )
    with connection.cursor() as c:
        c.execute(sql, params)
        return {k: (n, float(inv or 0)) for k, n, inv in c.fetchall() if k}


def by_sector(projects: QuerySet[Project]) -> list[SectorRow]:
    """Projects per top-level sector (a project in a sub-sector counts in its parent)."""
    through = Project.sectors.through._meta.db_table
    sector = Sector._meta.db_table
    pairs = (
        f"SELECT COALESCE(parent.code, s.code) AS k, ps.project_id AS project_id "
        f"FROM {through} ps JOIN {sector} s ON s.id = ps.sector_id "
        f"LEFT JOIN {sector} parent ON parent.id = s.parent_id"
    )
    grouped = _grouped(projects, pairs)
    names = {s.code: s.localized_name() for s in Sector.objects.filter(code__in=grouped)}
    out = [SectorRow(code, names.get(code, code), n, inv) for code, (n, inv) in grouped.items()]
    return sorted(out, key=lambda r: (-r.projects, r.code))


@dataclass(frozen=True)
class CountryRow:
    code: str
    name: str
    projects: int
    investment_usd: float


def by_investor_country(projects: QuerySet[Project], *, limit: int = 10) -> list[CountryRow]:
    """Projects per country of their investors (a project with investors from two countries
    counts in both)."""
    investor = ProjectInvestor._meta.db_table
    org = Organization._meta.db_table
    country = Country._meta.db_table
    pairs = (
        f"SELECT c.code AS k, pi.project_id AS project_id FROM {investor} pi "
        f"JOIN {org} o ON o.id = pi.organization_id JOIN {country} c ON c.id = o.country_id"
    )
    grouped = sorted(_grouped(projects, pairs).items(), key=lambda kv: (-kv[1][0], kv[0]))
    grouped = grouped[:limit]
    names = {c.code: c.localized_name() for c in Country.objects.filter(code__in=dict(grouped))}
    return [CountryRow(code, names.get(code, code), n, inv) for code, (n, inv) in grouped]


@dataclass(frozen=True)
class StageRow:
    period: str  # "2025-Q3"
    stage: str
    label: str
    projects: int


def stage_over_time(projects: QuerySet[Project]) -> list[StageRow]:
    """When projects reached the stage they are in, by quarter."""
    # Grouped by the plain date (a few hundred rows) and folded into quarters here: date
    # functions in SQL run per row on SQLite.
    rows = (
        projects.order_by()
        .exclude(stage_since=None)
        .values_list("stage", "stage_since")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = {}
    for stage, since, n in rows:
        key = (f"{since.year}-Q{(since.month - 1) // 3 + 1}", stage)
        counts[key] = counts.get(key, 0) + n
    labels = dict(Stage.choices)
    out = [
        StageRow(period=period, stage=stage, label=str(labels.get(stage, stage)), projects=n)
        for (period, stage), n in counts.items()
    ]
    return sorted(out, key=lambda r: (r.period, r.stage))


def stalled(projects: QuerySet[Project], *, months: int, limit: int = 10) -> tuple[int, list[Any]]:
    """Projects in the same stage for more than `months` months, not operating or cancelled."""
    qs = projects.filter(stalled_q(months))
    return qs.count(), list(qs.order_by("stage_since", "code")[:limit])


def recent_changes(projects: QuerySet[Project], *, limit: int = 10) -> list[Any]:
    """The latest history rows of the projects shown, newest first."""
    history = Project.history.model
    return list(
        history.objects.filter(id__in=projects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )


def to_float(value: Decimal | float | None) -> float:
    return float(value or 0)


# --- the same panels from the summary tables -----------------------------------------------------


@dataclass(frozen=True)
class Panels:
    """The dashboard's panels for one reader and portfolio."""

    regions: list[RegionRow]
    sectors: list[SectorRow]
    countries: list[CountryRow]
    stages: list[StageRow]
    stalled_count: int
    stalled: list[Any]
    changes: list[Any]


def panels(
    *, user: Any, portfolio: str | None = None, stalled_months: int = DEFAULT_STALLED_MONTHS
) -> Panels:
    """What `by_region`, `by_sector`, `by_investor_country`, `stage_over_time`, `stalled` and
    `recent_changes` return for `counted_projects(user=user, portfolio=portfolio)`, read from the
    summary tables (`keruen.projects.cube`): the number and cost of the queries do not grow
    with the projects."""
    keys = cube.visible_keys(user=user, portfolio=portfolio)
    before = months_ago(stalled_months)
    agg = cube.by_region(keys, before=before)
    regions = [
        RegionRow(
            code=r.code,
            name=r.localized_name(),
            projects=agg.get(r.code, {}).get("n", 0),
            investment_usd=float(agg.get(r.code, {}).get("inv", 0)),
            stalled=agg.get(r.code, {}).get("stalled", 0),
        )
        for r in Region.objects.order_by("code")
    ]
    sector_sums = cube.by_sector(keys)
    sectors = sorted(
        (
            SectorRow(s.code, s.localized_name(), *_row(sector_sums[s.pk]))
            for s in Sector.objects.filter(pk__in=list(sector_sums))
        ),
        key=lambda r: (-r.projects, r.code),
    )
    country_sums = cube.by_country(keys)
    countries = sorted(
        (
            CountryRow(c.code, c.localized_name(), *_row(country_sums[c.pk]))
            for c in Country.objects.filter(pk__in=list(country_sums))
        ),
        key=lambda r: (-r.projects, r.code),
    )[:10]
    counts: dict[tuple[str, str], int] = {}
    for stage, month, n in cube.by_stage_month(keys):
        year, m = divmod(month, 12)
        key = (f"{year}-Q{m // 3 + 1}", stage)
        counts[key] = counts.get(key, 0) + n
    labels = dict(Stage.choices)
    stages = sorted(
        (
            StageRow(period=period, stage=stage, label=str(labels.get(stage, stage)), projects=n)
            for (period, stage), n in counts.items()
        ),
        key=lambda r: (r.period, r.stage),
    )
    first = _first_stalled(cube.stalled_facts(keys, before), 10)
    found = Project.objects.in_bulk(first)
    history = Project.history.model
    # The newest history rows, each checked against its project's fact (by primary key) until
    # ten are found: never a pass over every visible project's fact.
    shown = Exists(cube.counted_facts(keys).filter(project_id=OuterRef("id")))
    changes = list(
        history.objects.filter(shown)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:10]
    )
    return Panels(
        regions=regions,
        sectors=sectors,
        countries=countries,
        stages=stages,
        stalled_count=agg[None]["stalled"],
        stalled=[found[pk] for pk in first if pk in found],
        changes=changes,
    )


def _first_stalled(facts: QuerySet[ProjectFact], limit: int) -> list[int]:
    """The ids of the `limit` first of `facts` by stage date and code (as `stalled`): the
    `limit`-th stage date from the index on it, then the facts up to that date (ties
    included) sorted by code; never a sort of every stalled project."""
    days = list(facts.order_by("since").values_list("since", flat=True)[:limit])
    if not days:
        return []
    return list(
        facts.filter(since__lte=days[-1])
        .order_by("since", "project__code")
        .values_list("project_id", flat=True)[:limit]
    )


def _row(sums: tuple[int, Decimal]) -> tuple[int, float]:
    return sums[0], float(sums[1])
