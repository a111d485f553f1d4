"""The region boundaries the maps draw (served once and cached by the browser for a day), and the
USD preview under money inputs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from keruen.core.money import Money, convert
from keruen.web import maps
from keruen.web.forms import parse_amount
from keruen.web.templatetags.keruen_tags import ldate, money, num


@require_GET
@cache_control(max_age=86400, public=True)
def region_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(maps.geojson_bytes(), content_type="application/geo+json")


@require_GET
def usd_preview(request: HttpRequest) -> JsonResponse:
    """`?amount=1 234,5&currency=KZT&date=2025-06-25` -> the USD value at the rate of that date
    (the nearest stored rate on or before it, as the services derive it), written for the reader."""
    try:
        amount = parse_amount(request.GET.get("amount", ""))
        currency = (request.GET.get("currency") or "").upper()
        if not currency:
            return JsonResponse({"text": ""})
        on = (
            dt.date.fromisoformat(request.GET["date"])
            if request.GET.get("date")
            else timezone.localdate()
        )
        converted = convert(Money(amount, currency, on))
    except (ValueError, ValidationError) as e:
        message = e.messages[0] if isinstance(e, ValidationError) else _("Enter a valid date.")
        return JsonResponse({"text": "", "error": message})
    rate = converted.rates[0] if converted.rates else None
    text = _("≈ %(usd)s") % {"usd": money(converted.amount, "USD")}
    if rate is not None:
        text += " · " + _("1 USD = %(rate)s %(currency)s on %(date)s") % {
            "rate": num(rate.units_per_usd, 2),
            "currency": rate.currency,
            "date": ldate(rate.date),
        }
    return JsonResponse({"text": text, "usd": str(converted.amount)})
