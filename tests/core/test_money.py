import datetime as dt
from decimal import Decimal

import pytest

from keruen.core.money import FxTable, MissingRateError, Money, RateUsed, convert
from keruen.reference.services import fx_rate_upsert

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
    table = FxTable.load(["KZT", "CNY"])
    for day in (D(2030, 1, 1), D(2030, 1, 31), D(2030, 2, 1), D(2031, 1, 1)):
        m = Money(Decimal("777"), "KZT", day)
        assert convert(m, table=table) == convert(m)
    with pytest.raises(MissingRateError):
        FxTable([RateUsed("KZT", D(2030, 1, 1), Decimal(1), "t")]).rate("KZT", D(2029, 12, 31))
