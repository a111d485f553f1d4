"""Formatting of target figures: money in the target's currency, counts with their unit."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from keruen.web.templatetags.keruen_tags import money, num, usd

register = template.Library()

STATUS_CLASS = {"on_track": "success", "at_risk": "warning", "off_track": "danger"}


@register.filter
def amount(value: Any, unit: str) -> str:
    """A figure of a target: "USD 37.0 bn", "1 250 000,00 ₸", "1,200 jobs"."""
    if value is None:
        return "—"
    if unit == "USD":
        return usd(value)
    if len(unit or "") == 3 and unit.isupper():
        return money(value, unit)
    return f"{num(value)} {unit}".strip()


@register.filter
def status_label(status: str) -> str:
    return {
        "on_track": _("on track"),
        "at_risk": _("at risk"),
        "off_track": _("off track"),
    }.get(status, status)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "secondary")


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{num(float(value) * 100)} %"
