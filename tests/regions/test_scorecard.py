"""The scorecard and the lagging rule on hand-built regions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from keruen.agreements.models import Event
from keruen.agreements.services import agreement_create
from keruen.projects import cube
from keruen.projects.figures import totals
from keruen.projects.models import Project
from keruen.projects.selectors import ProjectFilters, advanced, project_list, stages_at
from keruen.projects.services import project_update
from keruen.regions import scorecard as sc
from keruen.regions.scorecard import LaggingRule, region_scorecard, region_scorecards
from keruen.regions.services import initiative_transition
from tests.factories import ProjectFactory
from tests.regions.factories import InitiativeFactory, analyst, coordinator, make_event

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - dt.timedelta(days=30)
LONG_AGO = TODAY - dt.timedelta(days=800)


def build_country() -> None:
    """Astana and Kyzylorda move; Abai's projects sit where they were announced two years ago."""
    make_event("meeting", TODAY - dt.timedelta(days=100), kind=Event.Kind.MEETING)
    for region in ("KZ-71", "KZ-43"):
        for stage in ("construction", "construction", "preparation", "operating"):
            ProjectFactory(regions=[region], stage=stage, stage_since=RECENT)
    for stage in ("announced", "announced", "announced", "agreed"):
        ProjectFactory(regions=["KZ-10"], stage=stage, stage_since=LONG_AGO)


def cards() -> dict[str, sc.RegionScorecard]:
    return {c.code: c for c in region_scorecards(user=None)}


def test_every_region_has_a_card() -> None:
    got = region_scorecards(user=None)
    assert len(got) == 20 and [c.code for c in got] == sorted(c.code for c in got)
    assert not any(c.lagging for c in got)  # no data, no verdict


def test_lagging_rule_marks_the_slow_region_with_reasons() -> None:
    build_country()
    c = cards()
    abai, astana = c["KZ-10"], c["KZ-71"]
    assert (abai.active, abai.stalled, abai.early_stage, abai.advanced_since_meeting) == (
        4,
        4,
        4,
        0,
    )
    assert (astana.active, astana.stalled, astana.advanced_since_meeting) == (3, 0, 4)
    assert abai.lagging and not astana.lagging and not c["KZ-43"].lagging
    measures = {s.measure for s in abai.shortfalls}
    assert measures == {"stalled_share", "early_stage_share", "advanced_share"}
    stalled = next(s for s in abai.shortfalls if s.measure == "stalled_share")
    # national: 4 stalled of 10 active → 40 %; threshold 1.25 × 40 % = 50 %
    assert stalled.national == pytest.approx(0.4) and stalled.threshold == pytest.approx(0.5)
    assert "4 of 4" in stalled.reason and "50%" in stalled.reason and "40%" in stalled.reason
    assert abai.to_json_dict()["reasons"] == abai.reasons and len(abai.reasons) == 3


def test_one_shortfall_is_not_enough_and_small_regions_are_not_judged() -> None:
    build_country()
    # one stalled project in Turkistan: below min_base, never judged
    ProjectFactory(regions=["KZ-61"], stage="announced", stage_since=LONG_AGO)
    c = cards()
    assert c["KZ-61"].stalled == 1 and c["KZ-61"].shortfalls == []
    strict = {x.code: x for x in region_scorecards(user=None, rule=LaggingRule(min_shortfalls=4))}
    assert not strict["KZ-10"].lagging and len(strict["KZ-10"].shortfalls) == 3
    loose = {x.code: x for x in region_scorecards(user=None, rule=LaggingRule(min_base=1))}
    assert loose["KZ-61"].lagging


def test_overdue_instructions_count_against_a_region(monkeypatch: pytest.MonkeyPatch) -> None:
    build_country()
    monkeypatch.setattr(
        sc, "instruction_overdue_counts", lambda *, user, today: {"KZ-43": 5, "KZ-71": 1}
    )
    c = cards()
    assert c["KZ-43"].instructions_overdue == 5
    assert [s.measure for s in c["KZ-43"].shortfalls] == ["instructions_overdue"]
    assert "5" in c["KZ-43"].reasons[0]
    assert c["KZ-71"].shortfalls == []  # one overdue is under the floor of two


def test_counts_follow_the_counting_rule_and_a_phase_adds_nothing() -> None:
    user = coordinator()
    umbrella = ProjectFactory(regions=["KZ-71", "KZ-43"], total_investment_amount=Decimal(10))
    ProjectFactory(
        regions=["KZ-71"],
        parent=umbrella,
        counts_in_totals=False,
        total_investment_amount=Decimal(99),
    )
    ProjectFactory(regions=["KZ-71"], confidentiality="restricted")
    c = {x.code: x for x in region_scorecards(user=user)}
    for code in ("KZ-71", "KZ-43", "KZ-10"):
        listed = project_list(user=user, filters=ProjectFilters(region=code))
        assert c[code].projects == listed.count()
        assert c[code].projects_counted == totals(listed).projects
    assert (c["KZ-71"].projects, c["KZ-71"].projects_counted) == (3, 2)
    assert c["KZ-71"].investment_usd == Decimal("1000010.00")
    assert c["KZ-43"].investment_usd == Decimal("10.00")  # a shared project counts in each
    # the stage measures count as the totals do: the phase is in none of them
    assert sum(s["projects"] for s in c["KZ-71"].by_stage.values()) == 2
    assert c["KZ-71"].active == c["KZ-71"].early_stage == 2
    # an analyst does not see the restricted one, and the count follows
    seen = region_scorecard(user=analyst(), code="kz-71")
    assert seen is not None and (seen.projects, seen.projects_counted) == (2, 1)
    assert region_scorecard(user=user, code="KZ-99") is None


def test_agreements_initiatives_and_jobs() -> None:
    p = ProjectFactory(regions=["KZ-71"], jobs_planned=100, jobs_created=40)
    for i, linked in enumerate([[p], [], []]):
        agreement_create(
            actor=None,
            reason="t",
            code=f"A-{i}",
            title="deal",
            kind="commercial",
            region=p.regions.get(),
            value_amount=Decimal(5),
            value_currency="USD",
            value_date=dt.date(2025, 6, 17),
            projects=linked,
        )
    submitted = InitiativeFactory(region="KZ-71")
    initiative_transition(actor=None, reason="t", initiative=submitted, action="submit")
    InitiativeFactory(region="KZ-71")  # a draft: counted among initiatives, not submitted
    card = cards()["KZ-71"]
    assert (card.agreements, card.agreements_converted) == (3, 1)
    assert card.agreement_conversion == pytest.approx(1 / 3)
    assert card.agreements_value_usd == Decimal("15.00")
    assert (card.initiatives, card.initiatives_submitted, card.initiatives_matched) == (2, 1, 0)
    assert (card.jobs_planned, card.jobs_created, card.jobs_delivery) == (100, 40, 0.4)
    # the public does not see drafts
    public = {x.code: x for x in region_scorecards(user=None)}
    assert public["KZ-71"].initiatives == 2  # Keruen itself sees all
    from django.contrib.auth.models import AnonymousUser

    anon = region_scorecard(user=AnonymousUser(), code="KZ-71")
    assert anon is not None and anon.initiatives == 1


def test_trend_from_history_at_the_meeting() -> None:
    meeting_day = TODAY - dt.timedelta(days=10)
    make_event("meeting", meeting_day, kind=Event.Kind.MEETING)
    moved = ProjectFactory(regions=["KZ-71"], stage="agreed", stage_since=LONG_AGO)
    still = ProjectFactory(regions=["KZ-71"], stage="agreed", stage_since=LONG_AGO)
    # both were recorded before the meeting...
    before = timezone.now() - dt.timedelta(days=20)
    Project.history.filter(id__in=[moved.pk, still.pk]).update(history_date=before)
    cube.refresh_facts([moved.pk, still.pk])  # as `keruen rebuild-summary` after such writes
    # ...and one moved to construction since
    project_update(actor=None, reason="t", project=moved, stage="construction")
    card = cards()["KZ-71"]
    assert card.last_meeting == "meeting" and card.last_meeting_on == meeting_day
    assert card.advanced_since_meeting == 1
    assert stages_at([moved.pk, still.pk], meeting_day) == {
        moved.pk: "agreed",
        still.pk: "agreed",
    }


@pytest.mark.parametrize(
    ("now", "since", "then", "expected"),
    [
        ("construction", None, "agreed", True),
        ("agreed", None, "agreed", False),
        ("agreed", None, "construction", False),
        ("suspended", None, "agreed", False),
        ("construction", None, "suspended", False),
        # no history row at the meeting: judged by when it entered its stage
        ("construction", dt.date(2025, 7, 1), None, True),
        ("announced", dt.date(2025, 7, 1), None, False),
        ("construction", dt.date(2025, 6, 1), None, False),
    ],
)
def test_advanced(now: str, since: dt.date | None, then: str | None, expected: bool) -> None:
    assert advanced(now, since, then, dt.date(2025, 6, 25)) is expected


@pytest.mark.parametrize(
    ("now", "since", "then", "expected"),
    [
        ("construction", None, "agreed", True),
        ("agreed", None, "agreed", False),
        ("agreed", None, "construction", False),
        ("suspended", None, "agreed", False),
        ("construction", None, "suspended", False),
        # no history row at the meeting: judged by when it entered its stage
        ("construction", dt.date(2025, 7, 1), None, True),
        ("announced", dt.date(2025, 7, 1), None, False),
        ("construction", dt.date(2025, 6, 1), None, False),
    ],
)
def test_advanced_in_the_scorecard(
    now: str, since: dt.date | None, then: str | None, expected: bool
) -> None:
    """Whether a project counts as advanced since the meeting (of 2025-06-25): by its stage in
    its latest history row at the meeting, else by when it entered its current stage."""
    make_event("meeting", dt.date(2025, 6, 25), kind=Event.Kind.MEETING)
    if then is None:  # recorded in Keruen after the meeting
        ProjectFactory(regions=["KZ-71"], stage=now, stage_since=since)
    else:
        p = ProjectFactory(regions=["KZ-71"], stage=then)
        at_meeting = timezone.make_aware(dt.datetime(2025, 6, 1))
        Project.history.filter(id=p.pk).update(history_date=at_meeting)
        cube.refresh_facts([p.pk])  # as `keruen rebuild-summary` after writes around services
        project_update(actor=None, reason="t", project=p, stage=now)
    assert cards()["KZ-71"].advanced_since_meeting == int(expected)


def test_no_meeting_no_trend() -> None:
    ProjectFactory(regions=["KZ-71"], stage="construction", stage_since=RECENT)
    card = cards()["KZ-71"]
    assert card.last_meeting is None and card.advanced_since_meeting == 0
    assert card.to_json_dict()["last_meeting_on"] is None


def test_months_before_clamps_to_month_end() -> None:
    assert sc._months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert sc._months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_the_scorecards_run_the_same_queries_for_one_project_or_many() -> None:
    """Every figure is counted in SQL: more projects, agreements and initiatives add no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_event("meeting", TODAY - dt.timedelta(days=100), kind=Event.Kind.MEETING)

    def add(n: int) -> None:
        for i in range(n):
            p = ProjectFactory(regions=["KZ-71", "KZ-43"][: 1 + i % 2], stage="construction")
            agreement_create(
                actor=None,
                reason="t",
                title="deal",
                kind="commercial",
                region=p.regions.first(),
                value_amount=Decimal(5),
                value_currency="USD",
                value_date=dt.date(2025, 6, 17),
                projects=[p] if i % 2 else [],
            )
            InitiativeFactory(region="KZ-71")

    def queries() -> tuple[int, dict[str, sc.RegionScorecard]]:
        with CaptureQueriesContext(connection) as ctx:
            got = cards()
        return len(ctx.captured_queries), got

    add(1)
    n_one, one = queries()
    add(14)
    n_many, many = queries()
    assert n_one == n_many
    assert (one["KZ-71"].projects, many["KZ-71"].projects, many["KZ-43"].projects) == (1, 15, 7)
    assert (many["KZ-71"].agreements, many["KZ-71"].agreements_converted) == (8, 0)
    assert many["KZ-43"].agreements_converted == 7
    assert many["KZ-71"].initiatives == 15
