"""Writes of reference data: loading the bundled data and exchange rates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keruen.reference import loaders
from keruen.reference.models import Currency, FxRate

NBK_SOURCE = "National Bank of Kazakhstan official rates"


def reference_load() -> dict[str, int]:
    """Add whatever bundled reference data is missing; returns how many rows each table got."""
    with transaction.atomic():
        return loaders.load_all(apps.get_model)


def fx_rate_upsert(*, currency: str, date: dt.date, units_per_usd: Decimal, source: str) -> FxRate:
    """Record how many units of `currency` one US dollar bought on `date`, and who said so."""
    cur = Currency.objects.filter(code=currency).first()
    if cur is None:
        raise ValidationError(
            {
                "currency": _("Unknown currency %(value)r: expected an ISO 4217 code such as KZT.")
                % {"value": currency}
            }
        )
    if units_per_usd <= 0:
        raise ValidationError({"units_per_usd": _("Expected a rate above zero.")})
    if not source.strip():
        raise ValidationError({"source": _("Every rate needs its source.")})
    rate, _created = FxRate.objects.update_or_create(
        currency=cur, date=date, defaults={"units_per_usd": units_per_usd, "source": source}
    )
    return rate


@dataclass(frozen=True)
class NbkLoadResult:
    rates: int
    dates: int


def fx_rates_load_nbk(*, text: str, source: str = NBK_SOURCE) -> NbkLoadResult:
    """Load National Bank of Kazakhstan rates: CSV with `date,currency,kzt_per_unit` columns.

    The bank quotes tenge per unit of each currency (per 100 for some, given as `quantity`).
    Each date needs its USD row, since Keruen keeps rates as units per US dollar. All or nothing.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    need = {"date", "currency", "kzt_per_unit"}
    if not reader.fieldnames or not need <= {f.strip() for f in reader.fieldnames}:
        raise ValidationError(
            _(
                "Expected the columns date, currency, kzt_per_unit (and optionally quantity); "
                "found %(found)s."
            )
            % {"found": ", ".join(reader.fieldnames or []) or _("none")}
        )
    errors: list[str] = []
    by_date: dict[dt.date, dict[str, Decimal]] = {}
    for i, row in enumerate(reader, start=2):
        try:
            day = dt.date.fromisoformat(row["date"].strip())
        except ValueError:
            errors.append(
                _("row %(row)d, date: %(value)r is not a YYYY-MM-DD date")
                % {"row": i, "value": row["date"]}
            )
            continue
        code = row["currency"].strip().upper()
        try:
            quantity = Decimal(row.get("quantity") or "1")
            kzt = Decimal(row["kzt_per_unit"].strip().replace(",", ".")) / quantity
            if kzt <= 0:
                raise InvalidOperation
        except (InvalidOperation, ZeroDivisionError):
            errors.append(
                _("row %(row)d, kzt_per_unit: %(value)r is not a positive number")
                % {"row": i, "value": row["kzt_per_unit"]}
            )
            continue
        by_date.setdefault(day, {})[code] = kzt
    for day, quotes in sorted(by_date.items()):
        if "USD" not in quotes:
            errors.append(
                _("date %(date)s has no USD rate, needed to express the others per US dollar")
                % {"date": day.isoformat()}
            )
    if errors:
        raise ValidationError(errors)
    n = 0
    with transaction.atomic():
        for day, quotes in by_date.items():
            kzt_per_usd = quotes["USD"]
            fx_rate_upsert(currency="KZT", date=day, units_per_usd=kzt_per_usd, source=source)
            n += 1
            for code, kzt in quotes.items():
                if code in ("USD", "KZT"):
                    continue
                fx_rate_upsert(
                    currency=code,
                    date=day,
                    units_per_usd=(kzt_per_usd / kzt).quantize(Decimal("0.0000000001")),
                    source=source,
                )
                n += 1
    return NbkLoadResult(rates=n, dates=len(by_date))
