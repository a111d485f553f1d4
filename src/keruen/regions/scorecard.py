"""The scorecard of each of the 20 regions, comparable side by side, and the rule that marks a
region as lagging — computed from the data, never set by hand (docs/regions.md).

Entry point: `region_scorecards(*, user, today=None, portfolio=None) -> list[RegionScorecard]`
(one per region, by code; `to_json_dict()` for machines). Every figure counts what `user` may
see.

What counts: the counting rule of `keruen.projects.figures` (docs/figures.md). `projects` is the
records of the region the user sees, as the project list and the API list count them; every
figure — `projects_counted`, stages, stalled, early-stage and advanced projects, money and jobs —
counts those of them that count in totals, so a phase counted in its parent is not counted twice
("27 records, 26 counted"). A project
in several regions counts (with its whole value) in each region's card and once in the national
card, which therefore equals `keruen summary` for the same reader.

The lagging rule (`LaggingRule`): six measures are compared with the national figure (all
projects the user sees, each counted once). A measure falls short when the region is clearly
worse than the country — above `worse_factor` × national for measures where higher is worse,
below `better_factor` × national where higher is better — and it is judged only when the region
has at least `min_base` projects (or agreements) behind it. A region lags when `min_shortfalls`
or more measures fall short; its reasons name each measure, its value and the threshold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import AgreementFilters, agreement_list
from keruen.instructions.selectors import instruction_overdue_counts_by_region
from keruen.projects import cube
from keruen.projects.models import Stage, SummaryKey
from keruen.reference.models import Region
from keruen.regions.models import InitiativeStatus
from keruen.regions.selectors import initiative_list

#: Projects still to deliver: every stage but operating and cancelled.
ACTIVE = frozenset(s for s in Stage if s not in (Stage.OPERATING, Stage.CANCELLED))
EARLY = frozenset({Stage.ANNOUNCED, Stage.AGREED})
SUBMITTED = frozenset(
    {
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.PRESENTED,
        InitiativeStatus.MATCHED,
        InitiativeStatus.BECAME_PROJECT,
    }
)
MATCHED = frozenset({InitiativeStatus.MATCHED, InitiativeStatus.BECAME_PROJECT})


@dataclass(frozen=True)
class LaggingRule:
    """The documented rule; change the numbers here and docs/regions.md together."""

    stalled_months: int = 12  # no change of stage for this long = stalled
    worse_factor: float = 1.25  # "higher is worse" measures fall short above 1.25 × national
    better_factor: float = 0.5  # "higher is better" measures fall short below 0.5 × national
    min_base: int = 3  # a measure is judged only with at least this many projects/agreements
    min_overdue: int = 2  # overdue instructions fall short only from this many on
    min_shortfalls: int = 2  # a region lags when this many measures fall short


@dataclass(frozen=True)
class Shortfall:
    measure: str
    value: float
    threshold: float
    national: float
    reason: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "value": round(self.value, 4),
            "threshold": round(self.threshold, 4),
            "national": round(self.national, 4),
            "reason": self.reason,
        }


def _ratio(n: int, base: int) -> float | None:
    """`n` out of `base`; None when there is no base."""
    return n / base if base else None


@dataclass
class RegionScorecard:
    code: str
    name: str
    projects: int = 0
    projects_counted: int = 0
    investment_usd: Decimal = Decimal(0)
    foreign_investment_usd: Decimal = Decimal(0)
    by_stage: dict[str, dict[str, Any]] = field(default_factory=dict)
    active: int = 0
    stalled: int = 0
    early_stage: int = 0
    agreements: int = 0
    agreements_value_usd: Decimal = Decimal(0)
    agreements_converted: int = 0
    initiatives: int = 0
    initiatives_submitted: int = 0
    initiatives_matched: int = 0
    instructions_overdue: int = 0
    jobs_planned: int = 0
    jobs_created: int = 0
    last_meeting: str | None = None  # event slug
    last_meeting_on: dt.date | None = None
    advanced_since_meeting: int = 0
    lagging: bool = False
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [s.reason for s in self.shortfalls]

    @property
    def stalled_share(self) -> float | None:
        return _ratio(self.stalled, self.active)

    @property
    def early_stage_share(self) -> float | None:
        return _ratio(self.early_stage, self.active)

    @property
    def agreement_conversion(self) -> float | None:
        return _ratio(self.agreements_converted, self.agreements)

    @property
    def jobs_delivery(self) -> float | None:
        return _ratio(self.jobs_created, self.jobs_planned)

    @property
    def advanced_share(self) -> float | None:
        base = self.projects_counted - self.by_stage.get(Stage.CANCELLED, {}).get("projects", 0)
        return _ratio(self.advanced_since_meeting, base)

    def to_json_dict(self) -> dict[str, Any]:
        def share(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "code": self.code,
            "name": self.name,
            "projects": self.projects,
            "projects_counted": self.projects_counted,
            "investment_usd": float(self.investment_usd),
            "foreign_investment_usd": float(self.foreign_investment_usd),
            "by_stage": self.by_stage,
            "active": self.active,
            "stalled": self.stalled,
            "stalled_share": share(self.stalled_share),
            "early_stage": self.early_stage,
            "early_stage_share": share(self.early_stage_share),
            "agreements": self.agreements,
            "agreements_value_usd": float(self.agreements_value_usd),
            "agreements_converted": self.agreements_converted,
            "agreement_conversion": share(self.agreement_conversion),
            "initiatives": self.initiatives,
            "initiatives_submitted": self.initiatives_submitted,
            "initiatives_matched": self.initiatives_matched,
            "instructions_overdue": self.instructions_overdue,
            "jobs_planned": self.jobs_planned,
            "jobs_created": self.jobs_created,
            "jobs_delivery": share(self.jobs_delivery),
            "last_meeting": self.last_meeting,
            "last_meeting_on": self.last_meeting_on.isoformat() if self.last_meeting_on else None,
            "advanced_since_meeting": self.advanced_since_meeting,
            "advanced_share": share(self.advanced_share),
            "lagging": self.lagging,
            "reasons": self.reasons,
            "shortfalls": [s.to_json_dict() for s in self.shortfalls],
        }


# --- inputs ----------------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in range(day.day, 0, -1):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def last_meeting(*, user: Any, today: dt.date) -> Event | None:
    """The latest government meeting held on or before `today`."""
    return (
        Event.objects.restrict(user, "view")
        .filter(kind=Event.Kind.MEETING, starts_on__lte=today)
        .order_by("-starts_on", "-pk")
        .first()
    )


def instruction_overdue_counts(*, user: Any, today: dt.date) -> dict[str, int]:
    """Overdue instructions per region code, from the instructions app (the same count its
    own pages show)."""
    return dict(instruction_overdue_counts_by_region(user=user, today=today))


# --- the rule --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    higher_is_worse: bool
    value: Callable[[RegionScorecard], float | None]
    base: Callable[[RegionScorecard], int]
    describe: Callable[[RegionScorecard, float, float, float], str]


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _measures(rule: LaggingRule) -> list[Measure]:
    return [
        Measure(
            "stalled_share",
            True,
            lambda s: s.stalled_share,
            lambda s: s.active,
            lambda s, v, t, n: (
                _(
                    "Stalled projects: %(n)d of %(base)d active projects (%(value)s) have not "
                    "changed stage for %(months)d months; threshold: above %(threshold)s "
                    "(%(factor)s × national %(national)s)"
                )
                % {
                    "n": s.stalled,
                    "base": s.active,
                    "value": _pct(v),
                    "months": rule.stalled_months,
                    "threshold": _pct(t),
                    "factor": rule.worse_factor,
                    "national": _pct(n),
                }
            ),
        ),
        Measure(
            "early_stage_share",
            True,
            lambda s: s.early_stage_share,
            lambda s: s.active,
            lambda s, v, t, n: (
                _(
                    "Early-stage projects: %(n)d of %(base)d active projects (%(value)s) are only "
                    "announced or agreed; threshold: above %(threshold)s "
                    "(%(factor)s × national %(national)s)"
                )
                % {
                    "n": s.early_stage,
                    "base": s.active,
                    "value": _pct(v),
                    "threshold": _pct(t),
                    "factor": rule.worse_factor,
                    "national": _pct(n),
                }
            ),
        ),
        Measure(
            "advanced_share",
            False,
            lambda s: s.advanced_share,
            lambda s: s.projects_counted,
            lambda s, v, t, n: (
                _(
                    "Progress since the meeting of %(date)s: %(n)d projects (%(value)s) advanced a "
                    "stage; threshold: below %(threshold)s (%(factor)s × national %(national)s)"
                )
                % {
                    "date": s.last_meeting_on.isoformat() if s.last_meeting_on else "",
                    "n": s.advanced_since_meeting,
                    "value": _pct(v),
                    "threshold": _pct(t),
                    "factor": rule.better_factor,
                    "national": _pct(n),
                }
            ),
        ),
        Measure(
            "agreement_conversion",
            False,
            lambda s: s.agreement_conversion,
            lambda s: s.agreements,
            lambda s, v, t, n: (
                _(
                    "Agreements turned into projects: %(n)d of %(base)d (%(value)s); threshold: "
                    "below %(threshold)s (%(factor)s × national %(national)s)"
                )
                % {
                    "n": s.agreements_converted,
                    "base": s.agreements,
                    "value": _pct(v),
                    "threshold": _pct(t),
                    "factor": rule.better_factor,
                    "national": _pct(n),
                }
            ),
        ),
        Measure(
            "jobs_delivery",
            False,
            lambda s: s.jobs_delivery,
            lambda s: s.projects_counted,
            lambda s, v, t, n: (
                _(
                    "Jobs created: %(n)d of %(base)d planned (%(value)s); threshold: below "
                    "%(threshold)s (%(factor)s × national %(national)s)"
                )
                % {
                    "n": s.jobs_created,
                    "base": s.jobs_planned,
                    "value": _pct(v),
                    "threshold": _pct(t),
                    "factor": rule.better_factor,
                    "national": _pct(n),
                }
            ),
        ),
    ]


def _judge(cards: list[RegionScorecard], national: RegionScorecard, rule: LaggingRule) -> None:
    total_overdue = sum(c.instructions_overdue for c in cards)
    overdue_avg = total_overdue / len(cards) if cards else 0.0
    overdue_threshold = max(float(rule.min_overdue) - 1, overdue_avg * rule.worse_factor)
    for card in cards:
        card.shortfalls = []
        for m in _measures(rule):
            value, nat = m.value(card), m.value(national)
            if value is None or nat is None or m.base(card) < rule.min_base:
                continue
            if m.higher_is_worse:
                threshold = nat * rule.worse_factor
                short = value > threshold
            else:
                threshold = nat * rule.better_factor
                short = value < threshold
            if short:
                card.shortfalls.append(
                    Shortfall(m.key, value, threshold, nat, m.describe(card, value, threshold, nat))
                )
        if card.instructions_overdue > overdue_threshold:
            card.shortfalls.append(
                Shortfall(
                    "instructions_overdue",
                    card.instructions_overdue,
                    overdue_threshold,
                    overdue_avg,
                    _(
                        "Instructions overdue: %(n)d; threshold: more than %(threshold)s "
                        "(at least %(min)d, and above %(factor)s × the average region's %(avg)s)"
                    )
                    % {
                        "n": card.instructions_overdue,
                        "threshold": f"{overdue_threshold:.1f}",
                        "min": rule.min_overdue,
                        "factor": rule.worse_factor,
                        "avg": f"{overdue_avg:.1f}",
                    },
                )
            )
        card.lagging = len(card.shortfalls) >= rule.min_shortfalls


# --- the scorecards --------------------------------------------------------------------------


def _empty_stages() -> dict[str, dict[str, Any]]:
    return {s.value: {"projects": 0, "investment_usd": 0.0} for s in Stage}


def region_scorecards(
    *,
    user: Any,
    today: dt.date | None = None,
    portfolio: str | None = None,
    rule: LaggingRule | None = None,
) -> list[RegionScorecard]:
    """The scorecard of every region (by code), judged by `rule`, as `user` sees the data."""
    cards, _national = _compute(user=user, today=today, portfolio=portfolio, rule=rule)
    return cards


def region_scorecards_and_national(
    *,
    user: Any,
    today: dt.date | None = None,
    portfolio: str | None = None,
    rule: LaggingRule | None = None,
) -> tuple[list[RegionScorecard], RegionScorecard]:
    """Both at once (one pass over the data): every region's scorecard and the country's."""
    return _compute(user=user, today=today, portfolio=portfolio, rule=rule)


def national_scorecard(
    *,
    user: Any,
    today: dt.date | None = None,
    portfolio: str | None = None,
    rule: LaggingRule | None = None,
) -> RegionScorecard:
    """The same figures for the whole country (each project once), the yardstick of the rule."""
    _cards, national = _compute(user=user, today=today, portfolio=portfolio, rule=rule)
    return national


def region_scorecard(
    *,
    user: Any,
    code: str,
    today: dt.date | None = None,
    portfolio: str | None = None,
    rule: LaggingRule | None = None,
) -> RegionScorecard | None:
    """One region's scorecard (judged against the country); None for an unknown code."""
    for card in region_scorecards(user=user, today=today, portfolio=portfolio, rule=rule):
        if card.code == code.upper():
            return card
    return None


#: Per region id (None: all, each project once): (kind, stage) → n and sums, stalled, advanced.
ProjectSums = dict[int | None, tuple[dict[tuple[str, str], dict[str, Any]], int, int]]
#: What the scorecards sum of the cells for each (kind, stage).
STAGE_SUMS = ("n", "inv", "foreign", "jobs", "created")


def _grouped(qs: QuerySet[Any], by: tuple[str, ...], sums: dict[str, Any]) -> Iterator[Any]:
    """`sums` over `qs` by `by` (one or more fields), first for the whole of `qs` (each project
    once: region None), then for each region of the rows' keys: two statements; the sums in
    their order."""
    qs = qs.order_by()
    named = {f"total_{name}": s for name, s in sums.items()}  # not the fields' own names
    yield from ((None, *row) for row in qs.values_list(*by).annotate(**named))
    for row in qs.values_list(cube.REGION_ID, *by).annotate(**named):
        if row[0] is not None:
            yield row


def _project_sums(
    keys: QuerySet[SummaryKey], stalled_before: dt.date, meeting: dt.date | None
) -> ProjectSums:
    """The projects' figures of the scorecards from the summary tables: the cells by (kind,
    stage) with their stalled part as a filtered sum, the stalled facts of `stalled_before`'s
    month, and the projects advanced since `meeting`. The rules are the cube's, which the
    dashboard reads too: stalled = `cube.stalled_cells` and `cube.stalled_in_month`, advanced =
    `cube.advanced_by_region`."""
    cell_sums: dict[str, Any] = {
        **{name: Sum(name) for name in STAGE_SUMS},
        "stalled": Sum("n", filter=cube.stalled_cells(stalled_before)),
    }
    out: ProjectSums = {}
    for region, kind, stage, *values in _grouped(cube.cells(keys), ("kind", "stage"), cell_sums):
        stages, stalled, moved = out.get(region, ({}, 0, 0))
        row = dict(zip(cell_sums, (v or 0 for v in values), strict=True))
        stages[(kind, stage)] = {k: row[k] for k in STAGE_SUMS}
        out[region] = (stages, stalled + row["stalled"], moved)
    in_month = cube.stalled_in_month(keys, stalled_before, region=cube.REGION_ID)
    advanced = cube.advanced_by_region(keys, meeting, region=cube.REGION_ID) if meeting else {}
    for region in {*in_month, *advanced}:
        stages, stalled, moved = out.get(region, ({}, 0, 0))
        out[region] = (stages, stalled + in_month.get(region, 0), moved + advanced.get(region, 0))
    return out


def _compute(
    *, user: Any, today: dt.date | None, portfolio: str | None, rule: LaggingRule | None
) -> tuple[list[RegionScorecard], RegionScorecard]:
    rule = rule or LaggingRule()
    today = today or timezone.localdate()
    stalled_before = _months_before(today, rule.stalled_months)
    meeting = last_meeting(user=user, today=today)

    regions = list(Region.objects.order_by("code"))
    cards = {
        r.code: RegionScorecard(code=r.code, name=r.localized_name(), by_stage=_empty_stages())
        for r in regions
    }
    national = RegionScorecard(code="KZ", name=_("Kazakhstan"), by_stage=_empty_stages())
    for card in [*cards.values(), national]:
        if meeting is not None:
            card.last_meeting, card.last_meeting_on = meeting.slug, meeting.starts_on

    # The projects from the summary tables (`keruen.projects.cube`): the same rows as
    # `project_list(user=user, filters=ProjectFilters(portfolio=portfolio))` (the records, as the
    # list and the API count them) and their counted part, each once in the national card and in
    # each of its regions' cards with its whole value.
    keys = cube.visible_keys(user=user, portfolio=portfolio)
    codes = {r.pk: r.code for r in regions}
    sums = _project_sums(keys, stalled_before, meeting.starts_on if meeting else None)
    for region_id, (stages, stalled, moved) in sums.items():
        found = national if region_id is None else cards.get(codes.get(region_id, ""))
        if found is None:
            continue
        card = found
        card.stalled = stalled
        card.advanced_since_meeting = moved
        for (kind, stage), v in stages.items():
            card.projects += v["n"]
            if kind != cube.Kind.COUNTED:
                continue
            card.projects_counted += v["n"]
            card.by_stage[stage]["projects"] += v["n"]
            card.by_stage[stage]["investment_usd"] += float(v["inv"])
            card.active += v["n"] if stage in ACTIVE else 0
            card.early_stage += v["n"] if stage in EARLY else 0
            card.investment_usd += Decimal(v["inv"])
            card.foreign_investment_usd += Decimal(v["foreign"])
            card.jobs_planned += v["jobs"]
            card.jobs_created += v["created"]

    agreements = agreement_list(user=user, filters=AgreementFilters(portfolio=portfolio))
    has_project = Exists(Agreement.projects.through.objects.filter(agreement=OuterRef("pk")))
    for code, n, value, converted in (
        Agreement.objects.filter(pk__in=agreements.order_by().values("pk"))
        .annotate(has_project=has_project)
        .values("region__code")
        .annotate(
            n=Count("pk"),
            value=Sum("value_usd"),
            converted=Count("pk", filter=Q(has_project=True)),
        )
        .values_list("region__code", "n", "value", "converted")
        .order_by()
    ):
        for card in [cards[code], national] if code in cards else [national]:
            card.agreements += n
            card.agreements_value_usd += value or 0
            card.agreements_converted += converted

    for code, status, n in (
        initiative_list(user=user)
        .values("region__code", "status")
        .annotate(n=Count("pk"))
        .values_list("region__code", "status", "n")
        .order_by()
    ):
        for card in (cards[code], national):
            card.initiatives += n
            card.initiatives_submitted += n if status in SUBMITTED else 0
            card.initiatives_matched += n if status in MATCHED else 0

    for code, n in instruction_overdue_counts(user=user, today=today).items():
        if code in cards:
            cards[code].instructions_overdue = int(n)
            national.instructions_overdue += int(n)

    ordered = list(cards.values())
    _judge(ordered, national, rule)
    return ordered, national
