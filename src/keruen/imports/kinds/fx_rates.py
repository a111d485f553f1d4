"""Exchange rates: units of a currency per US dollar on a date, with their source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from keruen.imports.base import MISSING, Outcome, RowReader
from keruen.imports.formats import parse_date, parse_decimal
from keruen.imports.kinds.common import ImportContext
from keruen.reference.models import FxRate
from keruen.reference.services import fx_rate_upsert

COLUMNS = ["currency", "date", "units_per_usd", "source"]
KEY = ""


@dataclass
class RateRow:
    row: RowReader
    currency: str
    date: Any
    units_per_usd: Any
    source: str


def parse(r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]) -> RateRow | None:
    currency = ctx.one(r, "currency", ctx.resolver.currency)
    if currency is None:
        r.problem("currency", "", _("an ISO 4217 code such as KZT"))
    day = r.parse("date", parse_date)
    if day is None:
        r.problem("date", "", _("a date as YYYY-MM-DD"))
    units = r.parse("units_per_usd", parse_decimal)
    if units is None or (units is not MISSING and units <= 0):
        r.problem("units_per_usd", r.text("units_per_usd"), _("a rate above zero"))
    source = r.required("source")
    if r.failed:
        return None
    return RateRow(r, currency.code, day, units, source)


def apply(item: RateRow, ctx: ImportContext) -> tuple[Outcome, str]:
    key = f"{item.currency} {item.date.isoformat()}"
    existing = FxRate.objects.filter(currency__code=item.currency, date=item.date).first()
    if existing and existing.units_per_usd == item.units_per_usd and existing.source == item.source:
        return "unchanged", key
    fx_rate_upsert(
        currency=item.currency,
        date=item.date,
        units_per_usd=item.units_per_usd,
        source=item.source,
    )
    ctx.reset_fx()
    return ("updated" if existing else "created"), key
