"""Money: an amount, its ISO currency and the date it refers to; conversion at that date's rate.

Rates are "units of currency per US dollar" (`reference.FxRate`). A conversion uses the nearest rate
on or before the money's date and says which rate(s) it used. A missing rate is an error, never a
silent zero.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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

    @classmethod
    def load(cls, currencies: list[str] | None = None) -> FxTable:
        from keruen.reference.models import FxRate

        qs = FxRate.objects.all()
        if currencies is not None:
            qs = qs.filter(currency__code__in=currencies)
        return cls(
            [
                RateUsed(c, d, u, s, i)
                for i, c, d, u, s in qs.values_list(
                    "id", "currency__code", "date", "units_per_usd", "source"
                ).iterator()
            ]
        )

    def rate(self, currency: str, on: dt.date) -> RateUsed:
        dates = self._dates.get(currency, [])
        i = bisect.bisect_right(dates, on)
        if i == 0:
            raise MissingRateError(currency, on)
        return self._rates[currency][i - 1]


def single_rate(currency: str, on: dt.date) -> RateUsed:
    from keruen.reference.models import FxRate

    row = (
        FxRate.objects.filter(currency__code=currency, date__lte=on)
        .order_by("-date")
        .values_list("id", "date", "units_per_usd", "source")
        .first()
    )
    if row is None:
        raise MissingRateError(currency, on)
    return RateUsed(currency, row[1], row[2], row[3], row[0])


def convert(money: Money, to: str = USD, table: FxTable | None = None) -> Converted:
    """Convert `money` into `to` at the rates of `money.on` (through USD)."""
    if money.currency == to:
        return Converted(money.amount, to, ())
    lookup = table.rate if table is not None else single_rate
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
