"""The region boundaries the maps draw, served once and cached by the browser for a day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from keruen.web import maps


@require_GET
@cache_control(max_age=86400, public=True)
def region_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(maps.geojson_bytes(), content_type="application/geo+json")
