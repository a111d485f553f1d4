import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keruen.agreements.models import Agreement
from keruen.core import money
from keruen.core.money import FxTable, MissingRateError, Money, RateUsed, convert, derive_usd
from keruen.projects.models import Project
from keruen.reference.models import FxRate
from keruen.reference.selectors import fx_table
from keruen.reference.services import fx_rate_upsert
from keruen.regions.models import Initiative
from keruen.targets.models import Observation

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def rates() -> None:
    fx_rate_upsert(currency="KZT", date=D(2030, 1, 1), units_per_usd=Decimal("500"), source="t")
    fx_rate_upsert(currency="KZT", date=D(2030, 2, 1), units_per_usd=Decimal("400"), source="t2")
    fx_rate_upsert(currency="CNY", date=D(2030, 1, 1), units_per_usd=Decimal("8"), source="t")


def test_same_currency_needs_no_rate() -> None:
    c = convert(Money(Decimal("12.5"), "USD", D(1990, 1, 1)))
    assert c.amount == Decimal("12.5") and c.rates == ()


def test_uses_nearest_earlier_rate_and_says_which(rates: None) -> None:
    c = convert(Money(Decimal("1000"), "KZT", D(2030, 1, 20)))
    assert c.amount == Decimal("2.00")
    assert c.rates[0].date == D(2030, 1, 1)
    assert c.rates[0].source == "t"
    assert "500" in c.explain()
    later = convert(Money(Decimal("1000"), "KZT", D(2030, 3, 5)))
    assert later.amount == Decimal("2.50") and later.rates[0].source == "t2"


def test_cross_rate_goes_through_usd(rates: None) -> None:
    c = convert(Money(Decimal("80"), "CNY", D(2030, 1, 15)), "KZT")
    assert c.amount == Decimal("5000.00")
    assert [r.currency for r in c.rates] == ["CNY", "KZT"]


def test_missing_rate_is_an_error_not_zero() -> None:
    with pytest.raises(MissingRateError) as e:
        convert(Money(Decimal("1"), "KZT", D(1990, 1, 1)))
    assert "KZT" in str(e.value) and "1990-01-01" in str(e.value)


def test_table_matches_single_lookups(rates: None) -> None:
    table = fx_table(["KZT", "CNY"])
    for day in (D(2030, 1, 1), D(2030, 1, 31), D(2030, 2, 1), D(2031, 1, 1)):
        m = Money(Decimal("777"), "KZT", day)
        assert convert(m, table=table) == convert(m)
    with pytest.raises(MissingRateError):
        FxTable([RateUsed("KZT", D(2030, 1, 1), Decimal(1), "t")]).rate("KZT", D(2029, 12, 31))


# --- derive_usd: one derivation for every model's money groups ---------------------------------


def test_derive_usd_converts_each_group_at_its_dates_rate(rates: None) -> None:
    p = Project(
        total_investment_amount=Decimal("1000"),
        total_investment_currency_id="KZT",
        total_investment_date=D(2030, 2, 10),
        foreign_investment_amount=Decimal("80"),
        foreign_investment_currency_id="CNY",
        foreign_investment_date=D(2030, 1, 31),
    )
    derive_usd(p)
    assert p.total_investment_usd == Decimal("2.50")
    assert p.total_investment_fx == FxRate.objects.get(currency__code="KZT", date=D(2030, 2, 1))
    assert p.foreign_investment_usd == Decimal("10.00")
    assert p.foreign_investment_fx == FxRate.objects.get(currency__code="CNY", date=D(2030, 1, 1))


def test_derive_usd_with_a_table_matches_single_lookups(rates: None) -> None:
    a = Agreement(value_amount=Decimal("777"), value_currency_id="KZT", value_date=D(2030, 1, 5))
    b = Agreement(value_amount=Decimal("777"), value_currency_id="KZT", value_date=D(2030, 1, 5))
    derive_usd(a)
    derive_usd(b, fx_table(["KZT"]))
    assert (
        (a.value_usd, a.value_fx_id)
        == (b.value_usd, b.value_fx_id)
        == (
            Decimal("1.55"),
            FxRate.objects.get(currency__code="KZT", date=D(2030, 1, 1)).pk,
        )
    )


def test_derive_usd_of_dollars_needs_no_rate() -> None:
    i = Initiative(
        investment_amount=Decimal("12.5"),
        investment_currency_id="USD",
        investment_date=D(1990, 1, 1),
    )
    derive_usd(i)
    assert i.investment_usd == Decimal("12.50") and i.investment_fx is None


def test_derive_usd_clears_what_an_emptied_amount_derived(rates: None) -> None:
    a = Agreement(value_amount=Decimal("5"), value_currency_id="KZT", value_date=D(2030, 1, 5))
    derive_usd(a)
    a.value_amount = None
    derive_usd(a)
    assert a.value_usd is None and a.value_fx_id is None


def test_missing_rate_is_reported_on_the_currency_field() -> None:
    a = Agreement(value_amount=Decimal("5"), value_currency_id="KZT", value_date=D(1990, 1, 1))
    with pytest.raises(ValidationError) as e:
        derive_usd(a)
    assert e.value.message_dict == {
        "value_currency": ["No exchange rate for KZT on or before 1990-01-01: load one first."]
    }


def test_an_amount_needs_currency_and_date_and_every_group_says_so() -> None:
    p = Project(total_investment_amount=Decimal("1"), foreign_investment_amount=Decimal("1"))
    with pytest.raises(ValidationError) as e:
        derive_usd(p)
    assert set(e.value.message_dict) == {
        "total_investment_currency",
        "total_investment_date",
        "foreign_investment_currency",
        "foreign_investment_date",
    }


def test_an_agreement_value_is_dated_by_its_signing_day_when_undated(rates: None) -> None:
    a = Agreement(value_amount=Decimal("80"), value_currency_id="CNY", signed_on=D(2030, 1, 2))
    derive_usd(a)
    assert a.value_date == D(2030, 1, 2) and a.value_usd == Decimal("10.00")


def test_observations_are_left_to_their_service() -> None:
    """Observations convert to their target's currency (targets.services), not by derive_usd."""
    o = Observation(value_amount=Decimal("5"), value_date=D(1990, 1, 1), value_usd=Decimal("9"))
    derive_usd(o)
    assert o.value_usd == Decimal("9")


def test_conversion_without_a_registered_rate_lookup_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(money, "_stored_rate", None)
    with pytest.raises(RuntimeError, match=r"keruen\.reference"):
        convert(Money(Decimal("1"), "KZT", D(2030, 1, 1)))
