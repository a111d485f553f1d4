import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from keruen.reference.models import Currency, FxRate, Region, Sector
from keruen.reference.selectors import Resolver
from keruen.reference.services import fx_rates_load_nbk

pytestmark = pytest.mark.django_db

FX_CURRENCIES = ["KZT", "CNY", "EUR", "RUB", "GBP", "TRY", "AED", "KRW", "JPY"]


def test_twenty_regions_in_three_languages_including_the_2022_ones() -> None:
    regions = {r.code: r for r in Region.objects.all()}
    assert len(regions) == 20
    assert regions["KZ-10"].name == "Abai Region" and regions["KZ-10"].name_kk == "Абай облысы"
    assert regions["KZ-33"].name_ru == "Жетысуская область"
    assert regions["KZ-62"].name == "Ulytau Region"
    assert all(r.name and r.name_ru and r.name_kk for r in regions.values())
    assert {r.code for r in regions.values() if r.kind == "city"} == {"KZ-71", "KZ-75", "KZ-79"}


def test_sectors_form_a_tree_with_policy_tags() -> None:
    assert Sector.objects.get(code="food-processing").parent.code == "manufacturing"
    tags = set(Sector.objects.filter(kind="policy").values_list("code", flat=True))
    assert {"green-economy", "logistics", "agro-industrial", "infrastructure"} <= tags


@pytest.mark.parametrize("code", FX_CURRENCIES)
def test_monthly_fx_history_from_2005_to_this_month(code: str) -> None:
    dates = list(FxRate.objects.filter(currency__code=code).values_list("date", flat=True))
    assert min(dates) <= dt.date(2005, 1, 31)
    assert max(dates) >= dt.date(2026, 10, 1)
    months = {(d.year, d.month) for d in dates}
    assert len(months) >= (2026 - 2005) * 12
    assert all(FxRate.objects.filter(currency__code=code).values_list("source", flat=True))


def test_resolver_accepts_codes_and_names_in_three_languages() -> None:
    r = Resolver()
    assert r.region("KZ-19").code == "KZ-19"
    assert r.region("Алматинская область").code == "KZ-19"
    assert r.region("алматы облысы").code == "KZ-19"
    assert r.region("Almaty").code == "KZ-75"
    with pytest.raises(ValidationError) as e:
        r.region("Narnia", field="regions")
    assert "Narnia" in e.value.message_dict["regions"][0]


NBK = """date,currency,kzt_per_unit,quantity
2031-01-05,USD,500.00,1
2031-01-05,CNY,70.00,1
2031-01-05,KRW,35.00,100
"""


def test_nbk_rates_are_expressed_per_us_dollar_with_their_source() -> None:
    result = fx_rates_load_nbk(text=NBK)
    assert result.rates == 3 and result.dates == 1
    day = dt.date(2031, 1, 5)
    kzt = FxRate.objects.get(currency__code="KZT", date=day)
    assert kzt.units_per_usd == Decimal("500") and "National Bank" in kzt.source
    cny = FxRate.objects.get(currency__code="CNY", date=day)
    assert cny.units_per_usd.quantize(Decimal("0.0001")) == Decimal("7.1429")
    krw = FxRate.objects.get(currency__code="KRW", date=day)
    assert krw.units_per_usd.quantize(Decimal("0.01")) == Decimal("1428.57")


def test_bad_nbk_file_names_rows_and_loads_nothing(tmp_path) -> None:
    before = FxRate.objects.count()
    bad = tmp_path / "nbk.csv"
    bad.write_text("date,currency,kzt_per_unit\n2031-13-01,USD,500\n2031-01-06,CNY,abc\n")
    with pytest.raises(CommandError) as e:
        call_command("load_nbk_rates", str(bad))
    text = str(e.value)
    assert "row 2, date" in text and "row 3, kzt_per_unit" in text
    assert FxRate.objects.count() == before


def test_currencies_present() -> None:
    assert set(FX_CURRENCIES) | {"USD"} <= set(Currency.objects.values_list("code", flat=True))
