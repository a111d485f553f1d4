"""The dashboard (`/`, `/?portfolio=SLUG`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from keruen.projects.models import Stage
from keruen.projects.selectors import portfolio_list, summary
from keruen.reports import charts, dashboard
from keruen.web import maps
from keruen.web.charts import spec


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return max(lo, min(hi, int(value or default)))
    except ValueError:
        return default


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    portfolios = list(portfolio_list(user=request.user))
    slug = request.GET.get("portfolio") or None
    portfolio = next((p for p in portfolios if p.slug == slug), None)
    slug = portfolio.slug if portfolio else None
    months = _int(request.GET.get("stalled"), dashboard.DEFAULT_STALLED_MONTHS, 1, 120)
    measure = request.GET.get("map") or "investment"
    if measure not in maps.MEASURES:
        measure = "investment"

    s = summary(user=request.user, portfolio=slug)
    projects = dashboard.counted_projects(user=request.user, portfolio=slug)
    regions = dashboard.by_region(projects, stalled_months=months)
    sectors = dashboard.by_sector(projects)
    countries = dashboard.by_investor_country(projects)
    stages = dashboard.stage_over_time(projects)
    stalled_count, stalled = dashboard.stalled(projects, months=months)
    map_spec = spec(
        maps.region_map(
            regions, measure=measure, portfolio=slug, geo_url=reverse("web:region-geojson")
        )
    )
    specs: dict[str, Any] = {
        "spec-stage": spec(charts.by_stage(s.by_stage, portfolio=slug)),
        "spec-sector": spec(charts.by_sector(sectors, portfolio=slug)),
        "spec-country": spec(charts.by_investor_country(countries, portfolio=slug)),
        "spec-time": spec(charts.stage_over_time(stages, portfolio=slug)),
    }
    lagging = sorted(
        (r for r in regions if r.projects), key=lambda r: (-r.stalled_share, r.investment_usd)
    )[:5]
    context = {
        "s": s,
        "portfolio": portfolio,
        "portfolios": portfolios,
        "months": months,
        "measure": measure,
        "regions": regions,
        "lagging": lagging,
        "sectors": sectors,
        "countries": countries,
        "stages": [(code, label, s.by_stage.get(code, {})) for code, label in Stage.choices],
        "stage_time": stages,
        "stalled_count": stalled_count,
        "stalled": stalled,
        "changes": dashboard.recent_changes(projects),
        "specs": specs,
        "map_spec": map_spec,
        "attribution": maps.ATTRIBUTION,
    }
    template = (
        "reports/_map.html"
        if getattr(request, "htmx", False) and request.GET.get("partial") == "map"
        else ("reports/dashboard.html")
    )
    return render(request, template, context)
