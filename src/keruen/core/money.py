"""Money: an amount, its ISO currency and the date it refers to; conversion at that date's rate.

Rates are "units of currency per US dollar". A conversion uses the nearest rate on or before the
money's date and says which rate(s) it used. A missing rate is an error, never a silent zero.

Core knows no table of rates: the reference app, which keeps them (`reference.FxRate`), registers
how one rate is looked up (`use_stored_rates`, from its `apps.py`) and builds an `FxTable` of
many (`reference.selectors.fx_table`). Conversions pass a table when they convert many amounts,
or nothing to look each rate up on its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from keruen.core.models import MoneyGroup, money_groups

USD = "USD"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    on: dt.date

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency} ({self.on.isoformat()})"


@dataclass(frozen=True)
class RateUsed:
    currency: str
    date: dt.date
    units_per_usd: Decimal
    source: str
    rate_id: int | None = None


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    rates: tuple[RateUsed, ...]

    def explain(self) -> str:
        return "; ".join(
            f"1 USD = {r.units_per_usd.normalize():f} {r.currency} on {r.date} ({r.source})"
            for r in self.rates
        )


class MissingRateError(ValidationError):
    def __init__(self, currency: str, on: dt.date) -> None:
        super().__init__(
            _("No exchange rate for %(currency)s on or before %(date)s: load one first.")
            % {"currency": currency, "date": on.isoformat()},
            code="missing_rate",
        )
        self.currency = currency
        self.on = on


class FxTable:
    """All rates in memory, for converting many amounts without a query each."""

    def __init__(self, rates: list[RateUsed]) -> None:
        self._dates: dict[str, list[dt.date]] = defaultdict(list)
        self._rates: dict[str, list[RateUsed]] = defaultdict(list)
        for r in sorted(rates, key=lambda r: (r.currency, r.date)):
            self._dates[r.currency].append(r.date)
            self._rates[r.currency].append(r)

    def rate(self, currency: str, on: dt.date) -> RateUsed:
        dates = self._dates.get(currency, [])
        i = bisect.bisect_right(dates, on)
        if i == 0:
            raise MissingRateError(currency, on)
        return self._rates[currency][i - 1]


RateLookup = Callable[[str, dt.date], RateUsed]

_stored_rate: RateLookup | None = None


def use_stored_rates(lookup: RateLookup) -> None:
    """Register how a single rate is looked up when a conversion is given no `FxTable`."""
    global _stored_rate
    _stored_rate = lookup


def stored_rate(currency: str, on: dt.date) -> RateUsed:
    """The rate of `currency` on or before `on`, from the registered lookup."""
    if _stored_rate is None:
        raise RuntimeError("No exchange rates registered: is keruen.reference installed?")
    return _stored_rate(currency, on)


def convert(money: Money, to: str = USD, table: FxTable | None = None) -> Converted:
    """Convert `money` into `to` at the rates of `money.on` (through USD)."""
    if money.currency == to:
        return Converted(money.amount, to, ())
    lookup = table.rate if table is not None else stored_rate
    rates: list[RateUsed] = []
    usd = money.amount
    if money.currency != USD:
        r = lookup(money.currency, money.on)
        rates.append(r)
        usd = money.amount / r.units_per_usd
    if to == USD:
        return Converted(usd.quantize(Decimal("0.01")), USD, tuple(rates))
    r = lookup(to, money.on)
    rates.append(r)
    return Converted((usd * r.units_per_usd).quantize(Decimal("0.01")), to, tuple(rates))


def derive_usd(obj: models.Model, table: FxTable | None = None) -> None:
    """Set the USD value and the rate used of every money group of `obj` that the model derives.

    An amount needs its currency and the date it refers to (or the group's stand-in date); a
    missing rate is reported on the currency field. Errors of all groups are raised together.
    """
    errors: dict[str, list[str]] = {}
    for group in money_groups(type(obj)):
        if group.derived:
            try:
                _derive_group(obj, group, table)
            except ValidationError as e:
                for field, messages in e.message_dict.items():
                    errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _derive_group(obj: models.Model, group: MoneyGroup, table: FxTable | None) -> None:
    amount = getattr(obj, group.amount)
    if amount is None:
        setattr(obj, group.usd, None)
        setattr(obj, f"{group.fx}_id", None)
        return
    if getattr(obj, group.date) is None and group.date_default:
        setattr(obj, group.date, getattr(obj, group.date_default))
    currency, on = getattr(obj, f"{group.currency}_id"), getattr(obj, group.date)
    errors = {}
    if currency is None:
        errors[group.currency] = _("An amount needs its currency (ISO 4217, e.g. USD).")
    if on is None:
        errors[group.date] = _("An amount needs the date it refers to (YYYY-MM-DD).")
    if errors:
        raise ValidationError(errors)
    try:
        converted = convert(Money(Decimal(amount), currency, on), USD, table)
    except ValidationError as e:
        raise ValidationError({group.currency: e.messages}) from e
    setattr(obj, group.usd, converted.amount)
    setattr(obj, f"{group.fx}_id", converted.rates[0].rate_id if converted.rates else None)
