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
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cached_property
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from keruen.core.grouping import grouped, pk_subquery
from keruen.core.models import localized
from keruen.core.money import USD, FxTable, Money, convert
from keruen.projects.models import Milestone, Project, ProjectInvestor, Stage
from keruen.projects.schedule import forecast_completion
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import Country, Region, Sector
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
    field = decimal_field(StageProbability, "probability")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stage, probability FROM {StageProbability._meta.db_table}")
        out.update((stage, db_decimal(p, field)) for stage, p in cursor.fetchall())
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


def counted_observations(*, user: Any, target: Target, as_of: dt.date) -> QuerySet[Observation]:
    """The observations of the target's period whose period has begun by `as_of`."""
    begun = Q(year__lt=as_of.year) | Q(
        Q(quarter__isnull=True) | Q(quarter__lte=(as_of.month - 1) // 3 + 1), year=as_of.year
    )
    return observation_list(user=user, target=target).filter(
        begun, year__gte=target.period_start_year, year__lte=target.period_end_year
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

    @cached_property
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
    counted: QuerySet[Observation]  # the observations `actual` sums; read when first listed
    by_year: list[YearRow]
    by_country: list[BreakdownRow] = field(default_factory=list)
    by_region: list[BreakdownRow] = field(default_factory=list)
    by_sector: list[BreakdownRow] = field(default_factory=list)
    pipeline: list[PipelineItem] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.target.code

    @cached_property
    def observations(self) -> list[Observation]:
        """The observations `actual` sums, in period order (one query, on first use: the
        figures themselves are summed in SQL)."""
        return list(self.counted)

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


#: How far up the sector tree a breakdown looks for an observation's section (food processing →
#: manufacturing): the top of the tree, at most this many levels up. A project's sector is
#: reported at most two levels up.
SECTION_LEVELS = 5
PROJECT_SECTION_LEVELS = 2

#: How Django's SQLite backend reads a decimal it gets as a float (its converters' precision).
FLOAT_CONTEXT = Context(prec=15)
QUANTA = {places: Decimal(1).scaleb(-places) for places in range(13)}


def db_decimal(value: Any, field: models.DecimalField[Any, Any]) -> Decimal:
    """A decimal read through the cursor as the ORM reads it: SQLite's float (or int) rounded to
    the field's places; PostgreSQL's numeric as it comes; nothing (NULL) is zero."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return FLOAT_CONTEXT.create_decimal_from_float(value).quantize(
        QUANTA[field.decimal_places], context=field.context
    )


def decimal_field(model: type[models.Model], name: str) -> models.DecimalField[Any, Any]:
    return cast("models.DecimalField[Any, Any]", model._meta.get_field(name))


def _section_joins(alias: str, column: str, levels: int) -> tuple[str, str]:
    """SQL joins up the sector tree from `column` (alias0 … alias<levels>) and the COALESCE of
    their codes: the top of the tree at most `levels` up."""
    table = Sector._meta.db_table
    joins = [f"LEFT JOIN {table} {alias}0 ON {alias}0.id = {column}"]
    joins += [
        f"LEFT JOIN {table} {alias}{n} ON {alias}{n}.id = {alias}{n - 1}.parent_id"
        for n in range(1, levels + 1)
    ]
    codes = ", ".join(f"{alias}{n}.code" for n in range(levels, -1, -1))
    return "\n".join(joins), f"COALESCE({codes})"


def _tables(**models_: type[models.Model]) -> dict[str, str]:
    return {name: model._meta.db_table for name, model in models_.items()}


#: The observations (the ids of a query) summed per period, and per country, region and top of
#: the sector tree: four GROUP BYs in one statement, whatever their number.
OBSERVATION_SUMS_SQL = """
SELECT 'period', o.year, o.quarter, NULL, SUM(o.value_in_target)
FROM {observation} o WHERE o.id IN ({ids}) GROUP BY o.year, o.quarter
UNION ALL
SELECT 'country', NULL, NULL, c.code, SUM(o.value_in_target)
FROM {observation} o LEFT JOIN {country} c ON c.id = o.country_id
WHERE o.id IN ({ids}) GROUP BY c.code
UNION ALL
SELECT 'region', NULL, NULL, r.code, SUM(o.value_in_target)
FROM {observation} o LEFT JOIN {region} r ON r.id = o.region_id
WHERE o.id IN ({ids}) GROUP BY r.code
UNION ALL
SELECT 'sector', NULL, NULL, {section}, SUM(o.value_in_target)
FROM {observation} o {section_joins}
WHERE o.id IN ({ids}) GROUP BY {section}
"""

#: The projects (the ids of a query), one row per region (in code order), with the lead
#: investor's country (the lead first, then by share, largest first, then by code), the top of
#: the sector tree of their first sector (economic sections before policy tags, then by code) and
#: whether any critical milestone has a baseline.
PIPELINE_SQL = """
SELECT p.id, p.code, p.stage, p.jobs_planned, p.jobs_created, p.total_investment_usd,
       p.foreign_investment_usd, p.end_on,
       (SELECT c.code FROM {investor} pi
        JOIN {organization} o ON o.id = pi.organization_id
        JOIN {country} c ON c.id = o.country_id
        WHERE pi.project_id = p.id
        ORDER BY CASE WHEN pi.role = %s THEN 0 ELSE 1 END, pi.share IS NULL, pi.share DESC,
                 c.code
        LIMIT 1),
       (SELECT {section} FROM {project_sectors} ps
        {section_joins}
        WHERE ps.project_id = p.id
        ORDER BY CASE WHEN s0.kind = %s THEN 0 ELSE 1 END, s0.code
        LIMIT 1),
       EXISTS (SELECT 1 FROM {milestone} m
               WHERE m.project_id = p.id AND m.is_critical AND m.baseline_on IS NOT NULL),
       r.code
FROM {project} p
LEFT JOIN {project_regions} pr ON pr.project_id = p.id
LEFT JOIN {region} r ON r.id = pr.region_id
WHERE p.id IN ({ids})
ORDER BY p.code, r.code
"""


def pipeline_items(
    *,
    user: Any,
    target: Target,
    as_of: dt.date,
    probabilities: Mapping[str, Decimal] | None = None,
    fx: FxTable | None = None,
) -> list[PipelineItem]:
    """The projects in the target's scope whose remaining investment may still count.

    One query, whatever the number of projects: the projects with their regions, their lead
    investor's country and top-level sector (a second one reads the critical milestones of
    those that have any).
    """
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
    ids, params = pk_subquery(
        project_list(user=user, filters=filters)
        .filter(counts_in_totals=True, stage__in=stages)
        .filter(Q(end_on__isnull=True) | Q(end_on__year__lte=target.period_end_year))
    )
    section_joins, section = _section_joins("s", "ps.sector_id", PROJECT_SECTION_LEVELS)
    sql = PIPELINE_SQL.format(
        ids=ids,
        section=section,
        section_joins=section_joins,
        **_tables(
            project=Project,
            investor=ProjectInvestor,
            organization=ProjectInvestor._meta.get_field("organization").related_model,
            country=Country,
            project_sectors=Project.sectors.through,
            milestone=Milestone,
            project_regions=Project.regions.through,
            region=Region,
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ProjectInvestor.Role.LEAD.value, Sector.Kind.SECTION.value, *params])
        rows: dict[int, list[Any]] = {}
        for pid, *fields, region in cursor.fetchall():
            rows.setdefault(pid, [*fields, []])[-1] += [region] if region else []
    flagged = [pid for pid, row in rows.items() if row[-2]]
    critical = grouped(
        (m.project_id, m)
        for m in Milestone.objects.filter(
            project_id__in=flagged, is_critical=True, baseline_on__isnull=False
        )
        .order_by()
        .values_list(
            "project_id",
            "baseline_on",
            "planned_on",
            "forecast_on",
            "actual_on",
            "is_critical",
            named=True,
        )
        if flagged
    )
    total_field = decimal_field(Project, "total_investment_usd")
    foreign_field = decimal_field(Project, "foreign_investment_usd")
    items = []
    for pid, (
        code,
        stage,
        jobs_planned,
        jobs_created,
        total_usd,
        foreign_usd,
        end_on,
        country,
        sector,
        _has_critical,
        regions,
    ) in rows.items():
        milestones = critical.get(pid)
        if milestones and end_on is not None:
            completion = forecast_completion(end_on, milestones)
            if completion and completion.year > target.period_end_year:
                continue  # its critical milestone slipped it past the period
        remaining: Decimal
        if target.measure == Measure.JOBS_CREATED:
            remaining = Decimal(max(0, (jobs_planned or 0) - (jobs_created or 0)))
        elif target.measure == Measure.PORTFOLIO_INVESTMENT:
            remaining = db_decimal(total_usd, total_field)
        else:
            remaining = db_decimal(foreign_usd, foreign_field)
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
                country=country,
                regions=regions,
                sector=sector,
            )
        )
    return items


def _observation_sums(
    observations: QuerySet[Observation],
) -> tuple[list[tuple[int, int | None, Decimal]], dict[str, dict[str | None, Decimal]]]:
    """The observations summed in SQL, per (year, quarter), and per country, region and section
    of the sector tree: one statement, whatever the number of observations."""
    ids, params = pk_subquery(observations)
    section_joins, section = _section_joins("s", "o.sector_id", SECTION_LEVELS)
    sql = OBSERVATION_SUMS_SQL.format(
        ids=ids,
        section=section,
        section_joins=section_joins,
        **_tables(observation=Observation, country=Country, region=Region),
    )
    field = decimal_field(Observation, "value_in_target")
    periods = []
    sums: dict[str, dict[str | None, Decimal]] = {"country": {}, "region": {}, "sector": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params] * 4)
        for kind, year, quarter, key, total in cursor.fetchall():
            if kind == "period":
                periods.append((year, quarter, db_decimal(total, field)))
            else:
                sums[kind][key] = db_decimal(total, field)
    return periods, sums


#: The names of countries, regions and sectors by code, in one query.
NAMES_SQL = "SELECT '{kind}', code, name, name_ru, name_kk FROM {table} WHERE code IN ({codes})"


def _names(codes: Mapping[str, Iterable[str | None]]) -> dict[str, dict[str, str]]:
    """The names in the reader's language of the countries, regions and sectors by code."""
    tables = _tables(country=Country, region=Region, sector=Sector)
    wanted = {kind: sorted(c for c in codes[kind] if c) for kind in tables}
    parts = [
        NAMES_SQL.format(kind=kind, table=tables[kind], codes=", ".join(["%s"] * len(wanted[kind])))
        for kind in tables
        if wanted[kind]
    ]
    out: dict[str, dict[str, str]] = {kind: {} for kind in tables}
    if not parts:
        return out
    params = [code for kind in tables for code in wanted[kind]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, code, name, name_ru, name_kk in cursor.fetchall():
            row = SimpleNamespace(name=name, name_ru=name_ru, name_kk=name_kk)
            out[kind][code] = localized(row, "name")
    return out


def _breakdowns(
    sums: Mapping[str, Mapping[str | None, Decimal]], pipeline: Sequence[PipelineItem]
) -> tuple[list[BreakdownRow], list[BreakdownRow], list[BreakdownRow]]:
    unspecified = _("not specified")
    rows: dict[str, dict[str | None, BreakdownRow]] = {"country": {}, "region": {}, "sector": {}}

    def row(kind: str, key: str | None) -> BreakdownRow:
        if key not in rows[kind]:
            rows[kind][key] = BreakdownRow(key, unspecified if key is None else key)
        return rows[kind][key]

    for kind, totals in sums.items():
        for key, total in totals.items():
            row(kind, key).actual += total
    for item in pipeline:
        row("country", item.country).pipeline += item.weighted
        regions: list[str | None] = list(item.regions) or [None]
        for r in regions:  # a project in several regions is split equally between them
            row("region", r).pipeline += item.weighted / len(regions)
        row("sector", item.sector).pipeline += item.weighted
    names = _names({kind: list(r) for kind, r in rows.items()})
    out = []
    for kind in ("country", "region", "sector"):
        for key, b in rows[kind].items():
            if key is not None:
                b.label = names[kind].get(key, key)
        out.append(
            sorted(
                rows[kind].values(),
                key=lambda b: (b.key is None, -(b.actual + b.pipeline), b.key or ""),
            )
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
    counted = counted_observations(user=user, target=target, as_of=as_of)
    periods, sums = _observation_sums(counted)
    actual = sum((total for _y, _q, total in periods), ZERO)
    per_year = years_actual(periods)

    last: tuple[int, int] | None = None
    for year, quarter, _total in periods:
        key = (year, quarter or 4)
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
    by_country, by_region, by_sector = _breakdowns(sums, pipeline)
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
        counted=counted,
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
