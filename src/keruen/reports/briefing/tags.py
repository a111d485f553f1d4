"""Template filters of the brief: numbers, money and dates in the active language's locale.

Loaded as builtins of the brief's own template engine (see `render.py`), so the template formats
with babel and holds no logic.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import get_language

from keruen.reports.briefing.formatting import LOCALES, Formatter

register = template.Library()


def _f() -> Formatter:
    lang = (get_language() or "en")[:2]
    return Formatter(lang if lang in LOCALES else "en")


@register.filter
def num(value: int | Decimal | None) -> str:
    return _f().number(value)


@register.filter
def usd(value: Decimal | None) -> str:
    return _f().usd(value)


@register.filter
def usd_bn(value: Decimal | None) -> str:
    return _f().usd_bn(value)


@register.filter
def pct(value: float | None) -> str:
    return _f().percent(value)


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return _f().date(value)


@register.filter
def short_day(value: dt.date | None) -> str:
    return _f().short_date(value)


@register.filter
def cites(numbers: list[int] | None) -> str:
    """[1, 2] → "[1, 2]"; nothing when no source is cited."""
    if not numbers:
        return ""
    return "[" + ", ".join(str(n) for n in numbers) + "]"
