"""The figures the dashboard shows, read through the viewer's access.

Each function answers one panel with a few aggregate queries (their number does not depend on the
number of projects) and returns plain rows, which the chart functions (`charts.py`, `maps.py`)
and the PDF briefing turn into Vega-Lite specs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from keruen.projects.models import Project, ProjectInvestor, Stage
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import Country, Region, Sector

#: Stages in which a project is not expected to move on: never "stalled".
SETTLED_STAGES = (Stage.OPERATING, Stage.CANCELLED)
DEFAULT_STALLED_MONTHS = 12


def counted_projects(*, user: Any, portfolio: str | None = None) -> QuerySet[Project]:
    """The projects the figures add up: visible to `user`, counted in totals."""
    return project_list(user=user, filters=ProjectFilters(portfolio=portfolio, counted_only=True))


def months_ago(months: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


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


def _stalled_q(months: int) -> Q:
    return Q(stage_since__lt=months_ago(months)) & ~Q(stage__in=SETTLED_STAGES)


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
            stalled=Count("pk", distinct=True, filter=_stalled_q(stalled_months)),
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


def by_sector(projects: QuerySet[Project]) -> list[SectorRow]:
    """Projects per top-level sector (a project in a sub-sector counts in its parent)."""
    rows = (
        projects.order_by()
        .annotate(root=Coalesce(F("sectors__parent__code"), F("sectors__code")))
        .exclude(root=None)
        .values("root")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {r["root"]: r["n"] for r in rows}
    # Investment per root sector without double counting a project with two sub-sectors of it.
    invest = {}
    for code in counts:
        invest[code] = projects.filter(
            pk__in=Project.sectors.through.objects.filter(sector__code=code).values("project_id")
            | Project.sectors.through.objects.filter(sector__parent__code=code).values("project_id")
        ).aggregate(s=Sum("total_investment_usd"))["s"]
    names = {s.code: s.localized_name() for s in Sector.objects.filter(code__in=counts)}
    out = [
        SectorRow(code, names.get(code, code), n, float(invest.get(code) or 0))
        for code, n in counts.items()
    ]
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
    codes = list(
        ProjectInvestor.objects.filter(project__in=projects.values("pk"))
        .exclude(organization__country=None)
        .order_by()
        .values("organization__country__code")
        .annotate(n=Count("project", distinct=True))
        .order_by("-n")
        .values_list("organization__country__code", flat=True)[:limit]
    )
    names = {c.code: c.localized_name() for c in Country.objects.filter(code__in=codes)}
    out = []
    for code in codes:
        has = ProjectInvestor.objects.filter(
            project=OuterRef("pk"), organization__country__code=code
        )
        agg = projects.filter(Exists(has)).aggregate(n=Count("pk"), s=Sum("total_investment_usd"))
        out.append(CountryRow(code, names.get(code, code), agg["n"], float(agg["s"] or 0)))
    return out


@dataclass(frozen=True)
class StageRow:
    period: str  # "2025-Q3"
    stage: str
    label: str
    projects: int


def stage_over_time(projects: QuerySet[Project]) -> list[StageRow]:
    """When projects reached the stage they are in, by quarter."""
    rows = (
        projects.order_by()
        .exclude(stage_since=None)
        .values("stage", "stage_since__year", "stage_since__quarter")
        .annotate(n=Count("pk"))
    )
    labels = dict(Stage.choices)
    out = [
        StageRow(
            period=f"{r['stage_since__year']}-Q{r['stage_since__quarter']}",
            stage=r["stage"],
            label=str(labels.get(r["stage"], r["stage"])),
            projects=r["n"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (r.period, r.stage))


def stalled_filter(projects: QuerySet[Project], *, months: int) -> QuerySet[Project]:
    return projects.filter(_stalled_q(months))


def stalled(projects: QuerySet[Project], *, months: int, limit: int = 10) -> tuple[int, list[Any]]:
    """Projects in the same stage for more than `months` months, not operating or cancelled."""
    qs = projects.filter(_stalled_q(months))
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
