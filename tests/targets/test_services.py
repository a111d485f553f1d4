"""Writes of targets and observations: every rejection names its field, nothing half-written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from keruen.reference.models import Currency
from keruen.targets.models import Observation, Target, TrajectoryKind
from keruen.targets.services import (
    TARGET_FIELDS,
    TargetFields,
    observation_create,
    observation_delete,
    stage_probability_set,
    target_delete,
    target_set_trajectory,
    target_update,
)
from tests.targets.factories import TargetFactory, set_rate

pytestmark = pytest.mark.django_db


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


def add(target, **kw):
    kw.setdefault("year", 2025)
    kw.setdefault("value", D(10))
    kw.setdefault("currency", "USD")
    kw.setdefault("source_text", "test statistics")
    return observation_create(actor=None, reason="test", target=target, **kw)


def test_target_create_takes_every_editable_field_of_a_target() -> None:
    assert set(TargetFields.__annotations__) == TARGET_FIELDS


def test_target_create_records_one_history_row() -> None:
    t = TargetFactory(code="t", country="cn", region="KZ-19", sector="energy")
    assert (t.country.code, t.region.code, t.sector.code) == ("CN", "KZ-19", "energy")
    assert t.history.count() == 1
    assert t.trajectory_kind == TrajectoryKind.LINEAR


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"currency": None}, "currency"),
        ({"measure": "jobs_created", "unit": "jobs"}, "currency"),
        ({"measure": "jobs_created", "currency": None}, "unit"),
        ({"measure": "happiness"}, "measure"),
        ({"period_start_year": 2030}, "period_end_year"),
        ({"target_value": 0}, "target_value"),
        ({"target_value": "lots"}, "target_value"),
        ({"currency": "XYZ"}, "currency"),
        ({"region": "KZ-99"}, "region"),
        ({"portfolio": "nope"}, "portfolio"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_target_create_rejects(kwargs: dict, field: str) -> None:
    with pytest.raises(ValidationError) as e:
        TargetFactory(**kwargs)
    assert field in fields(e)
    assert not Target.objects.exists()


def test_trajectory_must_cover_the_period_and_add_up_to_the_target() -> None:
    t = TargetFactory(target_value=D(100), period_start_year=2025, period_end_year=2026)
    for points in (
        [(2025, 50)],  # 2026 missing
        [(2025, 50), (2026, 40)],  # adds up to 90
        [(2025, 50), (2026, 30), (2027, 20)],  # 2027 outside
        [(2025, 50), (2025, 50)],  # twice
        [(2025, 150), (2026, -50)],  # negative
    ):
        with pytest.raises(ValidationError) as e:
            target_set_trajectory(actor=None, reason="test", target=t, points=points)
        assert fields(e) == {"trajectory"}
    assert not t.trajectory.exists()
    target_set_trajectory(actor=None, reason="test", target=t, points=[(2025, 30), (2026, 70)])
    t.refresh_from_db()
    assert t.trajectory_kind == TrajectoryKind.ENTERED
    # Back to linear.
    target_set_trajectory(actor=None, reason="test", target=t, points=[])
    t.refresh_from_db()
    assert t.trajectory_kind == TrajectoryKind.LINEAR and not t.trajectory.exists()


def test_target_create_with_trajectory() -> None:
    t = TargetFactory(
        target_value=D(10),
        period_start_year=2025,
        period_end_year=2026,
        trajectory=[(2025, 4), (2026, 6)],
    )
    assert t.trajectory_kind == TrajectoryKind.ENTERED
    assert [p.value for p in t.trajectory.all()] == [D(4), D(6)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year": 2024}, "year"),
        ({"year": 2030}, "year"),
        ({"quarter": 5}, "quarter"),
        ({"currency": None}, "value_currency"),
        ({"source_text": ""}, "source"),
        ({"value": "ten"}, "value"),
        ({"currency": "XYZ"}, "value_currency"),
        ({"country": "XX"}, "country"),
    ],
)
def test_observation_create_rejects(kwargs: dict, field: str) -> None:
    t = TargetFactory()
    with pytest.raises(ValidationError) as e:
        add(t, **kwargs)
    assert field in fields(e)
    assert not Observation.objects.exists()


def test_a_value_of_a_count_has_no_currency() -> None:
    t = TargetFactory(measure="jobs_created", currency=None, unit="jobs")
    with pytest.raises(ValidationError) as e:
        add(t, currency="USD")
    assert fields(e) == {"value_currency"}


def test_a_missing_rate_is_an_error_never_a_zero() -> None:
    t = TargetFactory(period_start_year=1995, period_end_year=1999)
    with pytest.raises(ValidationError) as e:
        add(t, year=1996, currency="KZT")  # the bundled rates begin in 2005
    assert fields(e) == {"value_currency"}
    assert "No exchange rate" in str(e.value)


def test_a_year_is_reported_whole_or_by_quarters_never_both() -> None:
    t = TargetFactory()
    add(t, year=2025)
    with pytest.raises(ValidationError) as e:
        add(t, year=2025, quarter=1)
    assert fields(e) == {"quarter"}
    add(t, year=2026, quarter=1)
    with pytest.raises(ValidationError) as e:
        add(t, year=2026)
    assert fields(e) == {"quarter"}


def test_the_same_period_and_breakdown_cannot_be_entered_twice() -> None:
    t = TargetFactory()
    add(t, year=2025, quarter=1, country="CN")
    add(t, year=2025, quarter=1, country="US")  # another country: fine
    add(t, year=2025, quarter=1)  # no country: "all others", fine
    for kw in ({"country": "CN"}, {}):
        with pytest.raises(ValidationError) as e:
            add(t, year=2025, quarter=1, **kw)
        assert fields(e) == {"year"}


def test_observation_keeps_its_rate_and_default_date() -> None:
    rate = set_rate("KZT", dt.date(2025, 6, 30), "500")
    t = TargetFactory()
    o = add(t, year=2025, quarter=2, value=D(1000), currency="kzt")
    assert o.value_date == dt.date(2025, 6, 30)
    assert o.value_in_target == D(2) and o.value_usd == D(2)
    assert o.value_fx == rate
    assert o.history.count() == 1
    observation_delete(actor=None, reason="test", observation=o)
    assert not Observation.objects.exists()


def test_changing_the_targets_currency_converts_its_observations_again() -> None:
    set_rate("KZT", dt.date(2025, 12, 31), "500")
    t = TargetFactory()
    o = add(t, year=2025, value=D(10))
    _t, changed = target_update(actor=None, reason="test", target=t, currency="KZT")
    assert changed
    o.refresh_from_db()
    assert o.value_in_target == D(5000) and o.value_usd == D(10)
    # Nothing changed, no history.
    n = t.history.count()
    assert target_update(actor=None, reason="test", target=t, currency="KZT")[1] is False
    assert t.history.count() == n


def test_shrinking_the_period_past_observations_is_refused_whole() -> None:
    t = TargetFactory()
    add(t, year=2029)
    with pytest.raises(ValidationError) as e:
        target_update(actor=None, reason="test", target=t, period_end_year=2028)
    assert "period_end_year" in fields(e)
    t.refresh_from_db()
    assert t.period_end_year == 2029


def test_target_delete_takes_its_observations() -> None:
    t = TargetFactory()
    add(t)
    target_delete(actor=None, reason="test", target=t)
    assert not Target.objects.exists() and not Observation.objects.exists()


def test_stage_probability_set_and_rejections() -> None:
    row = stage_probability_set(actor=None, reason="test", stage="agreed", probability="0.3")
    assert row.probability == D("0.3")
    row = stage_probability_set(actor=None, reason="test", stage="agreed", probability=0.4)
    assert row.probability == D("0.4") and row.history.count() == 2
    with pytest.raises(ValidationError) as e:
        stage_probability_set(actor=None, reason="test", stage="dreaming", probability=1)
    assert fields(e) == {"stage"}
    with pytest.raises(ValidationError) as e:
        stage_probability_set(actor=None, reason="test", stage="agreed", probability="1.5")
    assert fields(e) == {"probability"}


def test_currency_codes_exist_for_the_cases_above() -> None:
    assert Currency.objects.filter(code__in=["USD", "KZT", "CNY"]).count() == 3


def test_reshaping_a_target_with_an_entered_trajectory_needs_a_new_one() -> None:
    t = TargetFactory(
        target_value=D(10),
        period_start_year=2025,
        period_end_year=2026,
        trajectory=[(2025, 4), (2026, 6)],
    )
    with pytest.raises(ValidationError) as e:
        target_update(actor=None, reason="test", target=t, target_value=D(20))
    assert fields(e) == {"trajectory"}
    t.refresh_from_db()
    target_update(
        actor=None, reason="test", target=t, target_value=D(20), trajectory=[(2025, 8), (2026, 12)]
    )
    t.refresh_from_db()
    assert t.target_value == D(20)
    assert [p.value for p in t.trajectory.all()] == [D(8), D(12)]
    target_update(actor=None, reason="test", target=t, period_end_year=2027, trajectory=[])
    t.refresh_from_db()
    assert t.trajectory_kind == TrajectoryKind.LINEAR and t.period_end_year == 2027
