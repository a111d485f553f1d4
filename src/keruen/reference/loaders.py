"""The reference data an empty Keruen starts with, read from the CSV files beside this module.

The functions take the model classes as arguments so that the data migration can pass its
historical models; `reference_load` in services.py passes the current ones.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from django.db import models

DATA = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def country_names(code: str) -> dict[str, str]:
    """A country's name in Russian and Kazakh from CLDR (babel); `countries_names.csv` overrides."""
    extra = _country_overrides().get(code, {})
    return {
        f"name_{lang}": extra.get(f"name_{lang}") or Locale.parse(lang).territories.get(code, "")
        for lang in ("ru", "kk")
    }


@cache
def _country_overrides() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_csv("countries_names.csv")}


def load_countries(Country: Any) -> int:
    existing = set(Country.objects.values_list("code", flat=True))
    new = []
    for c in pycountry.countries:
        if c.alpha_2 in existing:
            continue
        extra = _country_overrides().get(c.alpha_2, {})
        new.append(
            Country(
                code=c.alpha_2,
                name=extra.get("name") or getattr(c, "common_name", None) or c.name,
                **country_names(c.alpha_2),
            )
        )
    Country.objects.bulk_create(new)
    return len(new)


def name_countries(Country: Any) -> int:
    """Give the countries loaded without a Russian or Kazakh name their CLDR names."""
    blank = list(Country.objects.filter(models.Q(name_ru="") | models.Q(name_kk="")))
    for country in blank:
        for field, value in country_names(country.code).items():
            setattr(country, field, getattr(country, field) or value)
    Country.objects.bulk_update(blank, ["name_ru", "name_kk"])
    return len(blank)


def _load(model: Any, name: str, text: tuple[str, ...], **computed: Callable[[Any], Any]) -> int:
    """A `model` row per row of the CSV `name`, created or updated by its code, in the file's
    order: the `text` columns as they are, each of `computed` worked out from the CSV row."""
    rows = read_csv(name)
    for r in rows:
        values = {f: r[f] for f in text} | {f: compute(r) for f, compute in computed.items()}
        model.objects.update_or_create(code=r["code"], defaults=values)
    return len(rows)


def load_regions(Region: Any) -> int:
    return _load(
        Region,
        "regions.csv",
        ("kind", "name", "name_ru", "name_kk", "capital"),
        since=lambda r: dt.date.fromisoformat(r["since"]) if r["since"] else None,
    )


def load_sectors(Sector: Any) -> int:
    # Parents are listed before their children.
    return _load(
        Sector,
        "sectors.csv",
        ("kind", "oked", "name", "name_ru", "name_kk"),
        parent=lambda r: Sector.objects.get(code=r["parent"]) if r["parent"] else None,
    )


def load_currencies(Currency: Any) -> int:
    return _load(
        Currency,
        "currencies.csv",
        ("symbol", "name", "name_ru", "name_kk"),
        minor_units=lambda r: int(r["minor_units"]),
    )


def load_fx_rates(Currency: Any, FxRate: Any) -> int:
    """The bundled monthly history (see scripts/build_fx_rates.py for its sources)."""
    currencies = {c.code: c for c in Currency.objects.all()}
    existing = set(FxRate.objects.values_list("currency__code", "date"))
    new = []
    for r in read_csv("fx_rates.csv"):
        day = dt.date.fromisoformat(r["date"])
        if (r["currency"], day) in existing or r["currency"] not in currencies:
            continue
        new.append(
            FxRate(
                currency=currencies[r["currency"]],
                date=day,
                units_per_usd=Decimal(r["units_per_usd"]),
                source=r["source"],
            )
        )
    FxRate.objects.bulk_create(new, batch_size=1000)
    return len(new)


def load_all(get_model: Any) -> dict[str, int]:
    return {
        "countries": load_countries(get_model("reference", "Country")),
        "regions": load_regions(get_model("reference", "Region")),
        "sectors": load_sectors(get_model("reference", "Sector")),
        "currencies": load_currencies(get_model("reference", "Currency")),
        "fx_rates": load_fx_rates(
            get_model("reference", "Currency"), get_model("reference", "FxRate")
        ),
    }
