"""Every figure of a target against cases worked by hand (the working is in the comments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.projects.models import Stage
from keruen.projects.services import (
    InvestorInput,
    MilestoneInput,
    milestone_update,
    project_approve_schedule,
)
from keruen.reference.models import Country
from keruen.targets.selectors import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    least_squares,
    planned_by_year,
    planned_through_date,
    planned_through_quarter,
    quarters_remaining,
    stage_probabilities,
    status_of,
    target_status,
    target_status_list,
    trend_by_year,
    years_actual,
)
from keruen.targets.services import (
    observation_create,
    stage_probability_set,
    target_set_trajectory,
)
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory
from tests.targets.factories import TargetFactory, set_rate

YEARS = [2025, 2026, 2027, 2028, 2029]
DEC31 = dt.date(2025, 12, 31)


def obs(target, year, value, quarter=None, currency="USD", **kw):
    kw.setdefault("source_text", "test statistics")
    return observation_create(
        actor=None,
        reason="test",
        target=target,
        year=year,
        quarter=quarter,
        value=D(value),
        currency=currency,
        **kw,
    )


# -- pure computations ---------------------------------------------------------------------------


def test_linear_plan_splits_the_target_equally() -> None:
    assert planned_by_year(target_value=D(100), years=YEARS) == dict.fromkeys(YEARS, D(20))


def test_entered_plan_is_taken_as_given() -> None:
    plan = planned_by_year(target_value=D(100), years=[2025, 2026], entered={2025: D(30)})
    assert plan == {2025: D(30), 2026: D(0)}


def test_plan_through_a_date_is_pro_rata_by_day_within_the_year() -> None:
    plan = dict.fromkeys(YEARS, D(20))
    assert planned_through_date(plan, dt.date(2026, 12, 31)) == D(40)
    # 2025 whole (20) + 2026 for 181 of 365 days: 20 × 181 / 365 = 9.9178...
    assert round(planned_through_date(plan, dt.date(2026, 6, 30)), 4) == D("29.9178")
    assert planned_through_date(plan, dt.date(2024, 12, 31)) == 0


def test_plan_through_a_quarter_counts_quarters_of_a_year() -> None:
    plan = dict.fromkeys(YEARS, D(20))
    assert planned_through_quarter(plan, 2026, 2) == D(30)  # 20 + 20 × 2/4
    assert planned_through_quarter(plan, 2029, 4) == D(100)


def test_a_year_reported_by_some_quarters_is_annualised() -> None:
    per_year = years_actual([(2026, 1, D(5)), (2026, 2, D(7)), (2025, None, D(20))])
    assert per_year[2025].complete and per_year[2025].annualised == D(20)
    assert not per_year[2026].complete
    assert per_year[2026].total == D(12)
    assert per_year[2026].annualised == D(24)  # 12 × 4 / 2


def test_four_quarters_make_a_complete_year() -> None:
    per_year = years_actual([(2025, q, D(1)) for q in (1, 2, 3, 4)])
    assert per_year[2025].complete and per_year[2025].total == D(4)


def test_least_squares_line() -> None:
    # Points (2025, 10), (2026, 20): slope 10, through the mean (2025.5, 15).
    intercept, slope = least_squares([(2025, D(10)), (2026, D(20))])
    assert slope == D(10)
    assert intercept + slope * 2027 == D(30)
    # One point: flat.
    assert least_squares([(2025, D(7))]) == (D(7), D(0))
    # Three points (1, 1), (2, 3), (3, 2): slope = Σ(dx·dy)/Σdx² = (-1·-1 + 0 + 1·0)/2 = 0.5.
    _i, s = least_squares([(1, D(1)), (2, D(3)), (3, D(2))])
    assert s == D("0.5")


def test_trend_extends_the_line_over_the_remaining_years() -> None:
    per_year = years_actual([(2025, None, D(10)), (2026, None, D(20))])
    trend = trend_by_year(YEARS, per_year)
    assert trend == {2025: D(10), 2026: D(20), 2027: D(30), 2028: D(40), 2029: D(50)}


def test_trend_never_goes_below_zero_nor_below_what_was_reported() -> None:
    # 70 then 50: slope -20 → 2027: 30, 2028: 10, 2029: -10 → 0.
    per_year = years_actual([(2025, None, D(70)), (2026, None, D(50))])
    assert trend_by_year(YEARS, per_year) == {
        2025: D(70),
        2026: D(50),
        2027: D(30),
        2028: D(10),
        2029: D(0),
    }
    # A partial year already above the line keeps what was reported: 2026 Q1 = 30 (annualised
    # 120) after 2025 = 100 gives a line rising by 20; 2026 is forecast at 120.
    per_year = years_actual([(2025, None, D(100)), (2026, 1, D(30))])
    trend = trend_by_year([2025, 2026, 2027], per_year)
    assert trend == {2025: D(100), 2026: D(120), 2027: D(140)}


def test_no_observation_no_trend() -> None:
    assert trend_by_year(YEARS, {}) == {}


def test_quarters_remaining() -> None:
    assert quarters_remaining(2025, 2029, None) == 20
    assert quarters_remaining(2025, 2029, (2026, 2)) == 14
    assert quarters_remaining(2025, 2029, (2029, 4)) == 0


@pytest.mark.parametrize(
    ("actual", "trajectory", "projection", "expected"),
    [
        (D(100), D(50), D(100), ON_TRACK),  # achieved
        (D(120), D(50), None, ON_TRACK),  # over-achieved
        (D(40), D(40), D(96), ON_TRACK),  # 100 % of trajectory, 96 % outlook
        (D(38), D(40), D(95), ON_TRACK),  # exactly 95 % both ways
        (D(36), D(40), D(99), AT_RISK),  # 90 % of the trajectory
        (D(40), D(40), D(90), AT_RISK),  # outlook 90 %
        (D(31), D(40), D(99), OFF_TRACK),  # 77.5 % of the trajectory
        (D(40), D(40), D(79), OFF_TRACK),  # outlook 79 %
        (D(0), D(0), D(100), ON_TRACK),  # nothing due yet, pipeline covers the target
        (D(0), D(0), D(0), OFF_TRACK),  # nothing due yet, nothing in sight
        (D(0), D(0), None, AT_RISK),  # nothing known at all
    ],
)
def test_status_thresholds(actual: D, trajectory: D, projection: D | None, expected: str) -> None:
    status, _why = status_of(
        target_value=D(100),
        actual=actual,
        trajectory_to_reported=trajectory,
        projection=projection,
    )
    assert status == expected


# -- a target's status from the database ---------------------------------------------------------


@pytest.mark.django_db
def test_no_observations_yet() -> None:
    t = TargetFactory(target_value=D(100))
    s = target_status(user=None, target=t, as_of=dt.date(2026, 12, 31))
    assert s.actual == 0
    assert s.observations == []
    assert s.trajectory_to_date == D(40)  # two of five years
    assert s.trajectory_to_reported == 0
    assert s.reported_through is None
    assert s.forecast_trend is None
    assert s.forecast_pipeline == 0  # no project in the registry
    assert s.remaining_years == 5  # nothing reported: the whole period remains
    assert s.required_run_rate == D(20)
    assert s.status == OFF_TRACK  # the pipeline forecast (0) is all there is
    d = s.to_json_dict()
    assert d["forecast_trend"] is None and d["observations"] == []


@pytest.mark.django_db
def test_period_not_started() -> None:
    t = TargetFactory(target_value=D(1_000_000), measure="foreign_investment")
    obs(t, 2025, 500_000)  # published in advance of as_of: not yet in the period "so far"
    ProjectFactory(
        stage=Stage.CONSTRUCTION,
        foreign_investment_amount=D(1_250_000),
        foreign_investment_currency="USD",
        foreign_investment_date=dt.date(2024, 1, 1),
    )
    s = target_status(user=None, target=t, as_of=dt.date(2024, 6, 30))
    assert s.actual == 0 and s.observations == []
    assert s.trajectory_to_date == 0
    assert s.forecast_trend is None
    assert s.forecast_pipeline == D(1_000_000)  # 1,250,000 × 0.80 (construction)
    assert s.required_run_rate == D(200_000)  # 1,000,000 over 5 years
    assert s.status == ON_TRACK
    # Once 2025 is over, the observation counts.
    s = target_status(user=None, target=t, as_of=dt.date(2025, 12, 31))
    assert s.actual == D(500_000)


@pytest.mark.django_db
def test_quarters_trajectory_run_rate_and_status() -> None:
    t = TargetFactory(target_value=D(100))
    for q in (1, 2, 3, 4):
        obs(t, 2025, 5, quarter=q)
    obs(t, 2026, 5, quarter=1)
    obs(t, 2026, 5, quarter=2)
    s = target_status(user=None, target=t, as_of=dt.date(2026, 11, 30))
    assert s.actual == D(30)
    assert s.reported_through == dt.date(2026, 6, 30)
    assert s.trajectory_to_reported == D(30)  # 20 + 20 × 2/4
    # 2025: 20 (complete); 2026: 10 in two quarters → 20 a year: flat at 20 → 100.
    assert s.forecast_trend == D(100)
    assert s.remaining_years == D("3.5")  # 14 quarters after 2026 Q2
    assert s.required_run_rate == D(20)  # (100 − 30) / 3.5
    assert s.status == ON_TRACK
    assert [r.actual for r in s.by_year] == [D(20), D(10), 0, 0, 0]
    assert [r.reported for r in s.by_year][:2] == ["Q1,2,3,4", "Q1,2"]
    assert s.by_year[-1].planned_cumulative == D(100)


@pytest.mark.django_db
def test_over_achievement() -> None:
    t = TargetFactory(target_value=D(100))
    obs(t, 2025, 70)
    obs(t, 2026, 50)
    s = target_status(user=None, target=t, as_of=dt.date(2027, 3, 1))
    assert s.actual == D(120)
    assert s.share_achieved == D("1.2")
    assert s.required_run_rate == 0
    assert s.forecast_trend == D(160)  # 70 + 50 + 30 + 10 + 0
    assert s.status == ON_TRACK and s.status_reason == "achieved"


@pytest.mark.django_db
def test_mixed_currencies_are_converted_at_the_periods_rate() -> None:
    set_rate("KZT", DEC31, "500")
    set_rate("CNY", DEC31, "7")
    t = TargetFactory(target_value=D(1000))
    obs(t, 2025, 50_000, quarter=4, currency="KZT", country="KZ")  # 100 USD
    obs(t, 2025, 700, quarter=4, currency="CNY", country="CN")  # 100 USD
    obs(t, 2025, 100, quarter=4, currency="USD", country="US")
    s = target_status(user=None, target=t, as_of=dt.date(2026, 1, 1))
    assert s.actual == D(300)
    assert sorted(o.value_in_target for o in s.observations) == [D(100)] * 3
    assert sum(o.value_usd for o in s.observations) == s.actual
    d = s.to_json_dict()
    assert d["actual"] == sum(o["value_usd"] for o in d["observations"]) == 300.0
    kzt = next(o for o in d["observations"] if o["original_currency"] == "KZT")
    assert kzt["original_value"] == 50_000 and kzt["value"] == 100.0
    assert "500" in kzt["conversion"] and "2025-12-31" in kzt["conversion"]
    assert {r.key: r.actual for r in s.by_country} == {"CN": 100, "KZ": 100, "US": 100}


@pytest.mark.django_db
def test_a_target_in_tenge_converts_dollars_into_tenge() -> None:
    set_rate("KZT", DEC31, "500")
    t = TargetFactory(target_value=D(1_000_000), currency="KZT")
    o = obs(t, 2025, 100, currency="USD")
    assert o.value_in_target == D(50_000) and o.value_usd == D(100)
    ProjectFactory(
        stage=Stage.CONSTRUCTION,
        foreign_investment_amount=D(1000),
        foreign_investment_currency="USD",
        foreign_investment_date=dt.date(2025, 1, 1),
    )
    s = target_status(user=None, target=t, as_of=DEC31)
    # 50,000 + 1,000 USD × 500 × 0.8 = 450,000
    assert s.forecast_pipeline == D(450_000)


@pytest.mark.django_db
def test_pipeline_respects_scope_stage_dates_and_counts_in_totals() -> None:
    pf = PortfolioFactory(slug="scope")

    def project(stage: str, usd: int, **kw):
        return ProjectFactory(
            portfolios=["scope"],
            stage=stage,
            total_investment_amount=D(usd),
            total_investment_date=dt.date(2025, 1, 1),
            **kw,
        )

    umbrella = project(Stage.CONSTRUCTION, 1000)  # 0.80 → 800
    project(Stage.CONSTRUCTION, 500, parent=umbrella, counts_in_totals=False)  # counted above
    project(Stage.OPERATING, 300)  # invested already: 0
    project(Stage.CANCELLED, 300)  # never: 0
    project(Stage.PREPARATION, 200, end_on=dt.date(2031, 1, 1), start_on=dt.date(2026, 1, 1))
    project(Stage.AGREED, 400)  # 0.25 → 100
    ProjectFactory(stage=Stage.CONSTRUCTION, total_investment_amount=D(10_000))  # out of scope
    t = TargetFactory(measure="portfolio_investment", portfolio=pf.slug, target_value=D(2000))
    obs(t, 2025, 100)
    s = target_status(user=None, target=t, as_of=DEC31)
    assert s.forecast_pipeline == D(1000)  # 100 + 800 + 100
    assert len(s.pipeline) == 2
    # A stage probability set by the users replaces the default.
    stage_probability_set(actor=None, reason="test", stage=Stage.AGREED, probability="1")
    assert stage_probabilities()[Stage.AGREED] == 1
    s = target_status(user=None, target=t, as_of=DEC31)
    assert s.forecast_pipeline == D(1300)  # 100 + 800 + 400
    # After the period, nothing more can land.
    s = target_status(user=None, target=t, as_of=dt.date(2030, 1, 1))
    assert s.forecast_pipeline == D(100)
    assert s.required_run_rate is None  # nothing remains of the period
    assert s.status == OFF_TRACK


@pytest.mark.django_db
def test_investor_country_scope_and_breakdowns() -> None:
    china = OrganizationFactory(country=Country.objects.get(code="CN"))
    ProjectFactory(
        stage=Stage.PREPARATION,
        regions=["KZ-19", "KZ-75"],
        sectors=["food-processing"],
        foreign_investment_amount=D(1000),
        foreign_investment_currency="USD",
        foreign_investment_date=dt.date(2025, 1, 1),
        investors=[InvestorInput(china)],
    )
    ProjectFactory(
        stage=Stage.PREPARATION,
        foreign_investment_amount=D(5000),
        foreign_investment_currency="USD",
        foreign_investment_date=dt.date(2025, 1, 1),
    )
    t = TargetFactory(country="CN", target_value=D(1000))
    obs(t, 2025, 100, country="CN", region="KZ-19", sector="manufacturing")
    s = target_status(user=None, target=t, as_of=DEC31)
    assert s.forecast_pipeline == D(600)  # 100 + 1000 × 0.5; the other project has no CN investor
    assert [(r.key, r.actual, r.pipeline) for r in s.by_country] == [("CN", 100, 500)]
    # The project sits in two regions: its 500 splits 250 / 250.
    assert {r.key: (r.actual, r.pipeline) for r in s.by_region} == {
        "KZ-19": (100, 250),
        "KZ-75": (0, 250),
    }
    # Food processing belongs to manufacturing.
    assert [(r.key, r.actual, r.pipeline) for r in s.by_sector] == [("manufacturing", 100, 500)]


@pytest.mark.django_db
def test_entered_trajectory() -> None:
    t = TargetFactory(target_value=D(100), period_start_year=2025, period_end_year=2027)
    target_set_trajectory(
        actor=None, reason="test", target=t, points=[(2025, 10), (2026, 30), (2027, 60)]
    )
    obs(t, 2026, 8, quarter=2)
    obs(t, 2026, 7, quarter=1)
    obs(t, 2025, 10)
    s = target_status(user=None, target=t, as_of=dt.date(2026, 12, 31))
    assert s.trajectory_to_date == D(40)
    assert s.trajectory_to_reported == D(25)  # 10 + 30 × 2/4
    assert s.actual == D(25)
    assert [r.planned for r in s.by_year] == [D(10), D(30), D(60)]


@pytest.mark.django_db
def test_jobs_target_counts_units_and_remaining_jobs() -> None:
    t = TargetFactory(measure="jobs_created", currency=None, unit="jobs", target_value=D(500))
    obs(t, 2025, 120, currency=None)
    ProjectFactory(stage=Stage.CONSTRUCTION, jobs_planned=100, jobs_created=40)
    s = target_status(user=None, target=t, as_of=DEC31)
    assert s.actual == D(120)
    assert s.forecast_pipeline == D(168)  # 120 + (100 − 40) × 0.8
    d = s.to_json_dict()
    assert d["unit"] == "jobs" and d["observations"][0]["value_usd"] is None


@pytest.mark.django_db
def test_status_list_and_json_fields() -> None:
    a = TargetFactory(code="a", target_value=D(100))
    TargetFactory(code="b", target_value=D(50), period_start_year=2024, period_end_year=2026)
    obs(a, 2025, 20)
    items = [s.to_json_dict() for s in target_status_list(user=None, as_of=DEC31)]
    assert [i["code"] for i in items] == ["b", "a"]
    for key in (
        "target_value",
        "actual",
        "trajectory_to_date",
        "forecast_trend",
        "forecast_pipeline",
        "required_run_rate",
        "status",
        "observations",
        "by_year",
        "by_country",
        "by_region",
        "by_sector",
    ):
        assert key in items[1]
    assert items[1]["actual"] == 20.0 and items[1]["observations"][0]["value_usd"] == 20.0


@pytest.mark.django_db
def test_a_critical_slip_past_the_period_takes_the_project_out_of_the_pipeline() -> None:
    pf = PortfolioFactory(slug="slips")
    p = ProjectFactory(
        portfolios=["slips"],
        stage=Stage.CONSTRUCTION,
        total_investment_amount=D(1000),
        total_investment_date=dt.date(2025, 1, 1),
        end_on=dt.date(2029, 6, 30),
        milestones=[
            MilestoneInput(kind="commissioning", planned_on=dt.date(2029, 3, 1), is_critical=True)
        ],
    )
    project_approve_schedule(actor=None, reason="approved", project=p)
    t = TargetFactory(measure="portfolio_investment", portfolio=pf.slug, target_value=D(2000))
    assert target_status(user=None, target=t, as_of=DEC31).forecast_pipeline == D(800)
    milestone_update(
        actor=None,
        reason="turbines late",
        milestone=p.milestones.get(),
        forecast_on=dt.date(2029, 9, 1),  # 184 days: completion forecast 2029-12-31, still in
    )
    assert target_status(user=None, target=t, as_of=DEC31).forecast_pipeline == D(800)
    milestone_update(
        actor=None,
        reason="EPC dispute",
        milestone=p.milestones.get(),
        forecast_on=dt.date(2029, 9, 2),
    )
    assert target_status(user=None, target=t, as_of=DEC31).forecast_pipeline == D(0)


def _status_queries(target) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        s = target_status(user=None, target=target, as_of=DEC31)
    return len(ctx.captured_queries), s


@pytest.mark.django_db
def test_a_status_runs_the_same_queries_for_one_row_or_many() -> None:
    """The figures are summed in SQL: more observations and projects add no query."""
    china = OrganizationFactory(country=Country.objects.get(code="CN"))
    few, many = PortfolioFactory(slug="few"), PortfolioFactory(slug="many")

    def project(portfolio: str, i: int) -> None:
        p = ProjectFactory(
            portfolios=[portfolio],
            stage=Stage.CONSTRUCTION,
            regions=["KZ-19", "KZ-75"][: 1 + i % 2],
            sectors=["food-processing"],
            total_investment_amount=D(1000 + i),
            total_investment_date=dt.date(2025, 1, 1),
            end_on=dt.date(2029, 6, 30),
            investors=[InvestorInput(china)],
            milestones=[
                MilestoneInput(
                    kind="commissioning", planned_on=dt.date(2029, 3, 1), is_critical=True
                )
            ],
        )
        project_approve_schedule(actor=None, reason="approved", project=p)

    project("few", 0)
    for i in range(12):
        project("many", i)
    t_few = TargetFactory(measure="portfolio_investment", portfolio=few.slug)
    t_many = TargetFactory(measure="portfolio_investment", portfolio=many.slug)
    obs(t_few, 2025, 10, quarter=1, country="CN", region="KZ-19", sector="manufacturing")
    for quarter in (1, 2, 3, 4):
        for country, region in (("CN", "KZ-19"), ("KZ", "KZ-75"), ("TR", None)):
            obs(t_many, 2025, 10, quarter=quarter, country=country, region=region)
    n_few, s_few = _status_queries(t_few)
    n_many, s_many = _status_queries(t_many)
    assert n_few == n_many
    assert (len(s_few.pipeline), s_few.actual) == (1, D(10))
    assert (len(s_many.pipeline), s_many.actual) == (12, D(120))
    assert [r.key for r in s_many.by_country] == ["CN", "KZ", "TR"]
    assert len(s_many.observations) == 12  # listed on demand, in one more query
