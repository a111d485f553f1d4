"""Reads of reference data, and resolving what users type into reference records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy

from keruen.core.models import money_groups
from keruen.core.money import FxTable, MissingRateError, RateUsed
from keruen.reference.models import Country, Currency, FxRate, Region, Sector


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.select_related("parent").order_by("code")


def currency_list() -> QuerySet[Currency]:
    return Currency.objects.order_by("code")


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("code")


def fx_rate_list(*, currency: str | None = None) -> QuerySet[FxRate]:
    qs = FxRate.objects.select_related("currency")
    if currency:
        qs = qs.filter(currency__code=currency)
    return qs.order_by("currency__code", "date")


def fx_table(currencies: list[str] | None = None) -> FxTable:
    """All rates (of `currencies`) in memory, for converting many amounts without a query each."""
    qs = FxRate.objects.all()
    if currencies is not None:
        qs = qs.filter(currency__code__in=currencies)
    return FxTable(
        [
            RateUsed(c, d, u, s, i)
            for i, c, d, u, s in qs.values_list(
                "id", "currency__code", "date", "units_per_usd", "source"
            ).iterator()
        ]
    )


def fx_rate_on(currency: str, on: dt.date) -> RateUsed:
    """The rate of `currency` on `on` or the nearest day before (one query)."""
    row = (
        FxRate.objects.filter(currency__code=currency, date__lte=on)
        .order_by("-date")
        .values_list("id", "date", "units_per_usd", "source")
        .first()
    )
    if row is None:
        raise MissingRateError(currency, on)
    return RateUsed(currency, row[1], row[2], row[3], row[0])


#: What the `Resolver` says of a value it does not know, per table, and the error's code.
UNKNOWN: dict[type[Model], tuple[Any, str]] = {
    Region: (
        gettext_lazy(
            "Unknown region %(value)r: expected an ISO 3166-2:KZ code such as "
            "KZ-19 or a region's name."
        ),
        "unknown_region",
    ),
    Sector: (
        gettext_lazy(
            "Unknown sector %(value)r: expected a sector code such as "
            "manufacturing, or a sector's name."
        ),
        "unknown_sector",
    ),
    Country: (
        gettext_lazy(
            "Unknown country %(value)r: expected an ISO 3166-1 alpha-2 code "
            "such as CN, or a country's name."
        ),
        "unknown_country",
    ),
    Currency: (
        gettext_lazy(
            "Unknown currency %(value)r: expected an ISO 4217 code Keruen has "
            "rates for, such as USD, KZT or CNY."
        ),
        "unknown_currency",
    ),
}


class Resolver:
    """Looks up regions, sectors, countries and currencies by code or by a name in kk/ru/en.

    Loads each table once, so an import of many rows costs no query per cell.
    """

    def __init__(self) -> None:
        self._tables: dict[type[Model], dict[str, Any]] = {}

    @staticmethod
    def _index(objects: Iterable[Region | Sector | Country]) -> dict:
        out: dict = {}
        for o in objects:
            for key in (o.code, o.name, o.name_ru, o.name_kk):
                if key:
                    out.setdefault(_norm(key), o)
        return out

    def _find(self, model: type[Model], text: str, key: str, field: str) -> Any:
        """The `model` row whose index key is `key` (the table read once), else a
        ValidationError on `field` saying that `text` is unknown and what was expected."""
        table = self._tables.get(model)
        if table is None:
            objects: Any = model._default_manager.all()
            table = self._tables[model] = (
                {c.code: c for c in objects} if model is Currency else self._index(objects)
            )
        found = table.get(key)
        if found is None:
            message, code = UNKNOWN[model]
            raise ValidationError({field: message % {"value": text}}, code=code)
        return found

    def region(self, text: str, *, field: str = "regions") -> Region:
        return self._find(Region, text, _norm(text), field)

    def sector(self, text: str, *, field: str = "sectors") -> Sector:
        return self._find(Sector, text, _norm(text), field)

    def country(self, text: str, *, field: str = "country") -> Country:
        return self._find(Country, text, _norm(text), field)

    def currency(self, text: str, *, field: str = "currency") -> Currency:
        return self._find(Currency, text, text.strip().upper(), field)

    def money_currencies(self, model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
        """`values` with the currency of each of `model`'s money groups (a code or a Currency)
        resolved to a known Currency, named by its field when unknown."""
        out = dict(values)
        for group in money_groups(model):
            value = out.get(group.currency)
            if value is not None:
                code = value if isinstance(value, str) else value.code
                out[group.currency] = self.currency(code, field=group.currency)
        return out


def latest_rate_date(currency: str) -> dt.date | None:
    return (
        FxRate.objects.filter(currency__code=currency)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
