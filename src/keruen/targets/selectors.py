"""Where each target stands: actual, trajectory, two forecasts, required run-rate and status.

Entry points (for pages, the API, the CLI and the briefing pack):

- `target_list(*, user)` → the targets `user` may see (a queryset);
- `target_status(*, user, target, as_of=None)` → `TargetStatus` for one target;
- `target_status_list(*, user, as_of=None)` → `list[TargetStatus]`;
- `TargetStatus.to_json_dict()` → what `keruen targets --json` and the API print.

Definitions (docs/targets.md says the same for users). All figures are in the target's currency
(or unit) and cover the target's period, first to last year:

- `actual`: the sum of the observations of the period whose period has begun by `as_of`;
- `reported_through`: the last day of the latest period (year or quarter) observed;
- `trajectory_to_date`: what the planned trajectory has reached at `as_of` (within a year,
  pro rata by day); `trajectory_to_reported`: what it has reached at `reported_through` (within
  a year, by quarters) — the fair comparison for `actual`, which lags the calendar;
- `forecast_trend`: each complete year at its actual; every other year at the larger of what was
  reported and the least-squares line through the annual totals (a year reported by some quarters
  only is annualised: sum × 4 / quarters); one year of data gives a flat line; none gives null;
- `forecast_pipeline`: `actual` plus, for every project in scope that counts in totals and is
  forecast to complete by the period's end (its planned completion moved by the slip of its
  critical milestones, `projects.schedule`; or has no date), its remaining investment (foreign
  investment for FDI and foreign-investment targets, total investment for portfolio targets,
  jobs planned minus created for job targets) times the probability of its stage
  (`stage_probabilities()`); after the period's end, just `actual`;
- `required_run_rate`: (target − actual) per year over what remains of the period after
  `reported_through` (0 when achieved; null when nothing remains);
- `status`: see `status_of` and the thresholds `ON_TRACK_RATIO` / `OFF_TRACK_RATIO`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from keruen.core.money import USD, FxTable, Money, convert
from keruen.projects.models import Project, ProjectInvestor, Stage
from keruen.projects.selectors import ProjectFilters, forecast_completions, project_list
from keruen.reference.models import Sector
from keruen.reference.selectors import fx_table
from keruen.targets.models import (
    Measure,
    Observation,
    StageProbability,
    Target,
    TrajectoryKind,
    period_end,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)

#: Probability that the remaining investment of a project at each stage arrives. Operating
#: projects have invested already (their money is in the observations); cancelled ones never
#: will. Override per stage with `keruen.targets.services.stage_probability_set`.
DEFAULT_STAGE_PROBABILITIES: dict[str, Decimal] = {
    Stage.ANNOUNCED: Decimal("0.10"),
    Stage.AGREED: Decimal("0.25"),
    Stage.PREPARATION: Decimal("0.50"),
    Stage.CONSTRUCTION: Decimal("0.80"),
    Stage.OPERATING: Decimal("0"),
    Stage.SUSPENDED: Decimal("0.05"),
    Stage.CANCELLED: Decimal("0"),
}

#: Status thresholds, as shares: of the trajectory reached by `actual` ("progress") and of the
#: target reached by the forecast ("outlook"). See `status_of`.
ON_TRACK_RATIO = Decimal("0.95")
OFF_TRACK_RATIO = Decimal("0.80")

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"


def q2(d: Decimal) -> Decimal:
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def stage_probabilities() -> dict[str, Decimal]:
    """The probability per stage: the defaults, overridden by the stored ones."""
    out = dict(DEFAULT_STAGE_PROBABILITIES)
    out.update(StageProbability.objects.values_list("stage", "probability"))
    return out


def target_list(*, user: Any) -> QuerySet[Target]:
    return (
        Target.objects.restrict(user, "view")
        .select_related("currency", "country", "region", "sector", "portfolio", "baseline_source")
        .prefetch_related("sources", "trajectory")
        .order_by("period_start_year", "code")
    )


def observation_list(*, user: Any, target: Target) -> QuerySet[Observation]:
    return (
        Observation.objects.restrict(user, "view")
        .filter(target=target)
        .select_related("country", "region", "sector__parent__parent", "source", "value_fx")
        .order_by("year", "quarter", "country__code", "region__code", "sector__code", "id")
    )


# -- pure computations (hand-checkable; tests/targets/test_selectors.py) -------------------------


def planned_by_year(
    *, target_value: Decimal, years: Sequence[int], entered: Mapping[int, Decimal] | None = None
) -> dict[int, Decimal]:
    """The amount planned for each year: entered, or the target split equally (linear)."""
    if entered:
        return {y: Decimal(entered.get(y, ZERO)) for y in years}
    share = Decimal(target_value) / len(years)
    return {y: share for y in years}


def planned_through_date(plan: Mapping[int, Decimal], on: dt.date) -> Decimal:
    """Cumulative plan at the end of day `on`: whole years before it, its own year pro rata."""
    total = ZERO
    for year, value in plan.items():
        if year < on.year:
            total += value
        elif year == on.year:
            days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
            elapsed = (on - dt.date(year, 1, 1)).days + 1
            total += value * elapsed / days
    return total


def planned_through_quarter(plan: Mapping[int, Decimal], year: int, quarter: int) -> Decimal:
    """Cumulative plan at the end of `quarter` (1–4) of `year`: a quarter is a quarter of a year."""
    total = ZERO
    for y, value in plan.items():
        if y < year:
            total += value
        elif y == year:
            total += value * quarter / 4
    return total


@dataclass(frozen=True)
class YearActual:
    year: int
    total: Decimal
    quarters: frozenset[int]  # empty for a whole-year observation
    complete: bool

    @property
    def annualised(self) -> Decimal:
        if self.complete or not self.quarters:
            return self.total
        return self.total * 4 / len(self.quarters)


def years_actual(observations: Iterable[tuple[int, int | None, Decimal]]) -> dict[int, YearActual]:
    """(year, quarter or None, value) → per year: total, quarters reported, complete or not."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    quarters: dict[int, set[int]] = defaultdict(set)
    whole: set[int] = set()
    for year, quarter, value in observations:
        totals[year] += value
        if quarter:
            quarters[year].add(quarter)
        else:
            whole.add(year)
    return {
        y: YearActual(y, totals[y], frozenset(quarters[y]), y in whole or len(quarters[y]) == 4)
        for y in sorted(totals)
    }


def least_squares(points: Sequence[tuple[int, Decimal]]) -> tuple[Decimal, Decimal]:
    """(intercept at x = 0, slope) of the least-squares line; one point gives a flat line."""
    if len(points) == 1:
        return points[0][1], ZERO
    n = Decimal(len(points))
    mx = sum((Decimal(x) for x, _y in points), ZERO) / n
    my = sum((y for _x, y in points), ZERO) / n
    sxx = sum(((Decimal(x) - mx) ** 2 for x, _y in points), ZERO)
    sxy = sum(((Decimal(x) - mx) * (y - my) for x, y in points), ZERO)
    slope = sxy / sxx
    return my - slope * mx, slope


def trend_by_year(years: Sequence[int], actual: Mapping[int, YearActual]) -> dict[int, Decimal]:
    """Each year's forecast: complete years at their actual, the others at max(reported, line).

    Empty when nothing has been observed (no trend to speak of).
    """
    points = [(y, a.annualised) for y, a in actual.items()]
    if not points:
        return {}
    intercept, slope = least_squares(points)
    out = {}
    for y in years:
        a = actual.get(y)
        if a is not None and a.complete:
            out[y] = a.total
            continue
        line = max(ZERO, intercept + slope * y)
        out[y] = max(a.total if a else ZERO, line)
    return out


def quarters_remaining(
    start_year: int, end_year: int, reported_through: tuple[int, int] | None
) -> int:
    """Quarters of the period after the last one reported (all of them when none is)."""
    total = (end_year - start_year + 1) * 4
    if reported_through is None:
        return total
    year, quarter = reported_through
    done = (year - start_year) * 4 + quarter
    return max(0, min(total, total - done))


def status_of(
    *,
    target_value: Decimal,
    actual: Decimal,
    trajectory_to_reported: Decimal,
    projection: Decimal | None,
) -> tuple[str, str]:
    """on_track / at_risk / off_track, and why.

    - achieved (actual ≥ target): on_track;
    - progress = actual / trajectory_to_reported (when the trajectory has begun), outlook =
      projection / target, where the projection is `forecast_trend`, or `forecast_pipeline`
      when there is no trend yet;
    - off_track when progress or outlook is below OFF_TRACK_RATIO (80 %);
    - on_track when progress (if any) and outlook are both at least ON_TRACK_RATIO (95 %);
    - at_risk otherwise.
    """
    if actual >= target_value:
        return ON_TRACK, _("achieved")
    progress = actual / trajectory_to_reported if trajectory_to_reported > 0 else None
    outlook = projection / target_value if projection is not None else None
    parts = []
    if progress is not None:
        parts.append(_("%(p)s %% of the trajectory") % {"p": f"{progress * 100:.0f}"})
    if outlook is not None:
        parts.append(_("forecast %(o)s %% of the target") % {"o": f"{outlook * 100:.0f}"})
    why = "; ".join(parts)
    ratios = [r for r in (progress, outlook) if r is not None]
    if any(r < OFF_TRACK_RATIO for r in ratios):
        return OFF_TRACK, why
    if ratios and all(r >= ON_TRACK_RATIO for r in ratios):
        return ON_TRACK, why
    if not ratios:
        return AT_RISK, _("nothing observed or forecast yet")
    return AT_RISK, why


# -- the status of a target --------------------------------------------------------------------


@dataclass
class BreakdownRow:
    key: str | None  # code; None for "not specified"
    label: str
    actual: Decimal = ZERO
    pipeline: Decimal = ZERO  # weighted remaining investment of the projects in scope

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "actual": float(q2(self.actual)),
            "pipeline": float(q2(self.pipeline)),
        }


@dataclass
class YearRow:
    year: int
    planned: Decimal
    planned_cumulative: Decimal
    actual: Decimal
    actual_cumulative: Decimal
    forecast_trend: Decimal | None
    reported: str  # "year", "quarters 1–2", "" (nothing)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "planned": float(q2(self.planned)),
            "planned_cumulative": float(q2(self.planned_cumulative)),
            "actual": float(q2(self.actual)),
            "actual_cumulative": float(q2(self.actual_cumulative)),
            "forecast_trend": None
            if self.forecast_trend is None
            else float(q2(self.forecast_trend)),
            "reported": self.reported,
        }


@dataclass
class PipelineItem:
    project: str
    stage: str
    remaining: Decimal  # in the target's currency or unit
    probability: Decimal
    country: str | None
    regions: list[str]
    sector: str | None

    @property
    def weighted(self) -> Decimal:
        return self.remaining * self.probability


@dataclass
class TargetStatus:
    target: Target
    as_of: dt.date
    actual: Decimal
    trajectory_to_date: Decimal
    trajectory_to_reported: Decimal
    forecast_trend: Decimal | None
    forecast_pipeline: Decimal
    required_run_rate: Decimal | None
    remaining_years: Decimal
    reported_through: dt.date | None
    status: str
    status_reason: str
    observations: list[Observation]
    by_year: list[YearRow]
    by_country: list[BreakdownRow] = field(default_factory=list)
    by_region: list[BreakdownRow] = field(default_factory=list)
    by_sector: list[BreakdownRow] = field(default_factory=list)
    pipeline: list[PipelineItem] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.target.code

    @property
    def target_value(self) -> Decimal:
        return self.target.target_value

    @property
    def share_achieved(self) -> Decimal:
        return self.actual / self.target.target_value if self.target.target_value else ZERO

    def to_json_dict(self) -> dict[str, Any]:
        t = self.target

        def num(d: Decimal | None) -> float | None:
            return None if d is None else float(q2(d))

        return {
            "code": t.code,
            "name": t.name,
            "name_ru": t.name_ru,
            "name_kk": t.name_kk,
            "measure": t.measure,
            "currency": t.currency_id,
            "unit": t.unit_label,
            "target_value": float(t.target_value),
            "period_start_year": t.period_start_year,
            "period_end_year": t.period_end_year,
            "scope": {
                "country": t.country.code if t.country else None,
                "region": t.region.code if t.region else None,
                "sector": t.sector.code if t.sector else None,
                "portfolio": t.portfolio.slug if t.portfolio else None,
            },
            "baseline": None
            if t.baseline_value is None
            else {
                "value": float(t.baseline_value),
                "refers_to": t.baseline_label,
                "source": t.baseline_source.title if t.baseline_source else None,
                "source_url": t.baseline_source.url or None if t.baseline_source else None,
            },
            "trajectory_kind": t.trajectory_kind,
            "is_illustrative": t.is_illustrative,
            "sources": [
                {"code": s.code, "title": s.title, "url": s.url or None} for s in t.sources.all()
            ],
            "as_of": self.as_of.isoformat(),
            "reported_through": self.reported_through.isoformat()
            if self.reported_through
            else None,
            "actual": num(self.actual),
            "share_achieved": float(round(self.share_achieved, 4)),
            "trajectory_to_date": num(self.trajectory_to_date),
            "trajectory_to_reported": num(self.trajectory_to_reported),
            "forecast_trend": num(self.forecast_trend),
            "forecast_pipeline": num(self.forecast_pipeline),
            "required_run_rate": num(self.required_run_rate),
            "required_run_rate_per": "year",
            "remaining_years": float(self.remaining_years),
            "status": self.status,
            "status_reason": self.status_reason,
            "pipeline_projects": len(self.pipeline),
            "observations": [observation_json(o) for o in self.observations],
            "by_year": [r.to_json_dict() for r in self.by_year],
            "by_country": [r.to_json_dict() for r in self.by_country],
            "by_region": [r.to_json_dict() for r in self.by_region],
            "by_sector": [r.to_json_dict() for r in self.by_sector],
        }


def observation_json(o: Observation) -> dict[str, Any]:
    """One observation as the CLI and the API show it; `value` is in the target's currency."""
    return {
        "id": o.pk,
        "period": o.period_label,
        "year": o.year,
        "quarter": o.quarter,
        "value": float(o.value_in_target),
        "value_usd": None if o.value_usd is None else float(o.value_usd),
        "original_value": float(o.value_amount),
        "original_currency": o.value_currency_id,
        "value_date": o.value_date.isoformat(),
        "conversion": o.conversion or None,
        "country": o.country.code if o.country else None,
        "region": o.region.code if o.region else None,
        "sector": o.sector.code if o.sector else None,
        "source": o.source_label,
        "source_url": (o.source.url or None) if o.source else None,
        "is_illustrative": o.is_illustrative,
        "note": o.note,
    }


def _section(sector: Sector | None) -> Sector | None:
    """The top of a sector's tree (food processing → manufacturing), for breakdowns."""
    seen = 0
    while sector is not None and sector.parent_id and seen < 5:
        sector = sector.parent
        seen += 1
    return sector


def _pipeline_details(
    projects: QuerySet[Project],
) -> tuple[dict[int, str], dict[int, list[str]], dict[int, str]]:
    """Per project id: the lead investor's country, the regions, the top-level sector.

    Three queries of plain rows, whatever the number of projects.
    """
    ids = projects.values("pk")
    countries: dict[int, str] = {}
    ranked = sorted(
        ProjectInvestor.objects.filter(project__in=ids, organization__country__isnull=False)
        .values_list("project_id", "role", "share", "organization__country__code")
        .order_by(),
        key=lambda r: (r[1] != ProjectInvestor.Role.LEAD, -(r[2] or 0), r[3]),
    )
    for pid, _role, _share, country in ranked:
        countries.setdefault(pid, country)
    regions: dict[int, list[str]] = defaultdict(list)
    for pid, code in (
        Project.regions.through.objects.filter(project__in=ids)
        .values_list("project_id", "region__code")
        .order_by("project_id", "region__code")
    ):
        regions[pid].append(code)
    rows = (
        Project.sectors.through.objects.filter(project__in=ids)
        .values_list(
            "project_id",
            "sector__kind",
            "sector__code",
            "sector__parent__code",
            "sector__parent__parent__code",
        )
        .order_by()
    )
    sectors: dict[int, str] = {}
    # Economic sections before policy tags, then by code; reported at the top of the tree.
    for pid, _kind, code, parent, grandparent in sorted(
        rows, key=lambda r: (r[0], r[1] != Sector.Kind.SECTION, r[2])
    ):
        sectors.setdefault(pid, grandparent or parent or code)
    return countries, dict(regions), sectors


def pipeline_items(
    *,
    user: Any,
    target: Target,
    as_of: dt.date,
    probabilities: Mapping[str, Decimal] | None = None,
    fx: FxTable | None = None,
) -> list[PipelineItem]:
    """The projects in the target's scope whose remaining investment may still count."""
    if as_of > target.ends_on:
        return []
    probs = dict(probabilities) if probabilities is not None else stage_probabilities()
    stages = [s for s, p in probs.items() if p > 0]
    filters = ProjectFilters(
        country=target.country.code if target.country else None,
        region=target.region.code if target.region else None,
        sector=target.sector.code if target.sector else None,
        portfolio=target.portfolio.slug if target.portfolio else None,
        counted_only=True,
    )
    qs = (
        project_list(user=user, filters=filters)
        .filter(counts_in_totals=True, stage__in=stages)
        .filter(Q(end_on__isnull=True) | Q(end_on__year__lte=target.period_end_year))
        .order_by("code")
    )
    countries, regions, sectors = _pipeline_details(qs)
    completions = forecast_completions(qs)
    items = []
    for pid, code, stage, jobs_planned, jobs_created, total_usd, foreign_usd in qs.values_list(
        "pk",
        "code",
        "stage",
        "jobs_planned",
        "jobs_created",
        "total_investment_usd",
        "foreign_investment_usd",
    ):
        completion = completions.get(pid)
        if completion and completion.year > target.period_end_year:
            continue  # its critical milestone slipped it past the period
        remaining: Decimal | None
        if target.measure == Measure.JOBS_CREATED:
            remaining = Decimal(max(0, (jobs_planned or 0) - (jobs_created or 0)))
        elif target.measure == Measure.PORTFOLIO_INVESTMENT:
            remaining = total_usd
        else:
            remaining = foreign_usd
        if not remaining:
            continue
        if target.is_monetary and target.currency_id != USD:
            assert target.currency_id is not None
            remaining = convert(Money(remaining, USD, as_of), target.currency_id, fx).amount
        items.append(
            PipelineItem(
                project=code,
                stage=stage,
                remaining=remaining,
                probability=probs[stage],
                country=countries.get(pid),
                regions=regions.get(pid, []),
                sector=sectors.get(pid),
            )
        )
    return items


def _breakdowns(
    observations: Sequence[Observation], pipeline: Sequence[PipelineItem]
) -> tuple[list[BreakdownRow], list[BreakdownRow], list[BreakdownRow]]:
    from keruen.reference.models import Country, Region

    unspecified = _("not specified")
    rows: dict[str, dict[str | None, BreakdownRow]] = {"country": {}, "region": {}, "sector": {}}

    def row(kind: str, key: str | None) -> BreakdownRow:
        if key not in rows[kind]:
            rows[kind][key] = BreakdownRow(key, unspecified if key is None else key)
        return rows[kind][key]

    for o in observations:
        row("country", o.country.code if o.country else None).actual += o.value_in_target
        row("region", o.region.code if o.region else None).actual += o.value_in_target
        section = _section(o.sector)
        row("sector", section.code if section else None).actual += o.value_in_target
    for item in pipeline:
        row("country", item.country).pipeline += item.weighted
        regions: list[str | None] = list(item.regions) or [None]
        for r in regions:  # a project in several regions is split equally between them
            row("region", r).pipeline += item.weighted / len(regions)
        row("sector", item.sector).pipeline += item.weighted
    names = {
        "country": {
            c.code: c.localized_name()
            for c in Country.objects.filter(code__in=[k for k in rows["country"] if k])
        },
        "region": {
            r.code: r.localized_name()
            for r in Region.objects.filter(code__in=[k for k in rows["region"] if k])
        },
        "sector": {
            s.code: s.localized_name()
            for s in Sector.objects.filter(code__in=[k for k in rows["sector"] if k])
        },
    }
    out = []
    for kind in ("country", "region", "sector"):
        for key, b in rows[kind].items():
            if key is not None:
                b.label = names[kind].get(key, key)
        out.append(
            sorted(rows[kind].values(), key=lambda b: (b.key is None, -(b.actual + b.pipeline)))
        )
    return out[0], out[1], out[2]


def target_status(
    *,
    user: Any,
    target: Target,
    as_of: dt.date | None = None,
    probabilities: Mapping[str, Decimal] | None = None,
    fx: FxTable | None = None,
) -> TargetStatus:
    """Every figure of one target at `as_of` (today by default); definitions in the module doc."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    years = target.years
    entered = (
        {p.year: p.value for p in target.trajectory.all()}
        if target.trajectory_kind == TrajectoryKind.ENTERED
        else None
    )
    plan = planned_by_year(target_value=target.target_value, years=years, entered=entered)
    observations = [
        o
        for o in observation_list(user=user, target=target)
        if o.period_starts_on <= as_of
        and target.period_start_year <= o.year <= target.period_end_year
    ]
    actual = sum((o.value_in_target for o in observations), ZERO)
    per_year = years_actual((o.year, o.quarter, o.value_in_target) for o in observations)

    last: tuple[int, int] | None = None
    for o in observations:
        key = (o.year, o.quarter or 4)
        last = key if last is None or key > last else last
    reported_through = period_end(*last) if last else None

    trajectory_to_date = (
        ZERO if as_of < target.starts_on else planned_through_date(plan, min(as_of, target.ends_on))
    )
    trajectory_to_reported = planned_through_quarter(plan, *last) if last else ZERO

    trend = trend_by_year(years, per_year)
    forecast_trend = sum(trend.values(), ZERO) if trend else None

    pipeline = pipeline_items(
        user=user, target=target, as_of=as_of, probabilities=probabilities, fx=fx
    )
    forecast_pipeline = actual + sum((i.weighted for i in pipeline), ZERO)

    quarters_left = quarters_remaining(target.period_start_year, target.period_end_year, last)
    if as_of > target.ends_on:
        quarters_left = 0
    remaining_years = Decimal(quarters_left) / 4
    gap = target.target_value - actual
    if gap <= 0:
        required: Decimal | None = ZERO
    elif quarters_left == 0:
        required = None
    else:
        required = gap / remaining_years

    projection = forecast_trend if forecast_trend is not None else forecast_pipeline
    status, reason = status_of(
        target_value=target.target_value,
        actual=actual,
        trajectory_to_reported=trajectory_to_reported,
        projection=projection,
    )

    by_year = []
    planned_cum = actual_cum = ZERO
    for y in years:
        a = per_year.get(y)
        planned_cum += plan[y]
        actual_cum += a.total if a else ZERO
        reported = ""
        if a is not None:
            reported = (
                "year" if not a.quarters else "Q" + ",".join(str(q) for q in sorted(a.quarters))
            )
        by_year.append(
            YearRow(
                year=y,
                planned=plan[y],
                planned_cumulative=planned_cum,
                actual=a.total if a else ZERO,
                actual_cumulative=actual_cum,
                forecast_trend=trend.get(y),
                reported=reported,
            )
        )
    by_country, by_region, by_sector = _breakdowns(observations, pipeline)
    return TargetStatus(
        target=target,
        as_of=as_of,
        actual=actual,
        trajectory_to_date=trajectory_to_date,
        trajectory_to_reported=trajectory_to_reported,
        forecast_trend=forecast_trend,
        forecast_pipeline=forecast_pipeline,
        required_run_rate=required,
        remaining_years=remaining_years,
        reported_through=reported_through,
        status=status,
        status_reason=reason,
        observations=observations,
        by_year=by_year,
        by_country=by_country,
        by_region=by_region,
        by_sector=by_sector,
        pipeline=pipeline,
    )


def target_status_list(*, user: Any, as_of: dt.date | None = None) -> list[TargetStatus]:
    """The status of every target `user` may see, in period order."""
    probs = stage_probabilities()
    fx = fx_table()
    return [
        target_status(user=user, target=t, as_of=as_of, probabilities=probs, fx=fx)
        for t in target_list(user=user)
    ]
