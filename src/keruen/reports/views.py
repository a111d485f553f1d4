"""The home page (`/`): the role's own work (`reports.home`), or the national dashboard
(`/?view=national`, `/?portfolio=SLUG`; coordinators' and analysts' home)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from keruen.projects.figures import summary
from keruen.projects.models import Stage
from keruen.projects.selectors import ProjectFilters, portfolio_list
from keruen.regions.scorecard import LaggingRule, region_scorecards
from keruen.reports import charts, dashboard
from keruen.reports.home import home_for, review_waiting
from keruen.savedviews.selectors import home_view
from keruen.web import maps
from keruen.web.charts import spec


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return max(lo, min(hi, int(value or default)))
    except ValueError:
        return default


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    # A saved view set as one's home opens at a bare `/`; `/?view=role` is the role's home.
    view = home_view(user=request.user) if not request.GET else None
    if view is not None:
        return redirect(view.get_absolute_url())
    if request.GET.get("view") != "national" and not request.GET.get("portfolio"):
        home = home_for(request.user)
        if home is not None:
            return render(request, "reports/home.html", {"home": home})
    return national_dashboard(request)


def national_dashboard(request: HttpRequest) -> HttpResponse:
    portfolios = list(portfolio_list(user=request.user))
    slug = request.GET.get("portfolio") or None
    portfolio = next((p for p in portfolios if p.slug == slug), None)
    slug = portfolio.slug if portfolio else None
    months = _int(request.GET.get("stalled"), dashboard.DEFAULT_STALLED_MONTHS, 1, 120)
    measure = request.GET.get("map") or "investment"
    if measure not in maps.MEASURES:
        measure = "investment"

    s = summary(user=request.user, filters=ProjectFilters(portfolio=slug))
    # Every figure from the summary tables: the page's cost does not grow with the projects.
    panels = dashboard.panels(user=request.user, portfolio=slug, stalled_months=months)
    regions, sectors, countries = panels.regions, panels.sectors, panels.countries
    stages, stalled_count, stalled = panels.stages, panels.stalled_count, panels.stalled
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
    # The regions' scorecard rule, so that this panel and `keruen regions scorecard` agree.
    lagging = sorted(
        (c for c in region_scorecards(user=request.user, portfolio=slug) if c.lagging),
        key=lambda c: (-len(c.shortfalls), c.code),
    )
    context = {
        "s": s,
        "portfolio": portfolio,
        "portfolios": portfolios,
        "months": months,
        "measure": measure,
        "regions": regions,
        "lagging": lagging,
        "lagging_rule": LaggingRule(),
        "coverage": s.coverage,
        "sectors": sectors,
        "countries": countries,
        "stages": [(code, label, s.by_stage.get(code, {})) for code, label in Stage.choices],
        "stage_time": stages,
        "stalled_count": stalled_count,
        "stalled": stalled,
        "changes": panels.changes,
        "specs": specs,
        "map_spec": map_spec,
        "boundaries_source": maps.BOUNDARIES_SOURCE,
        "review_waiting": review_waiting(request.user),
    }
    template = (
        "reports/_map.html"
        if getattr(request, "htmx", False) and request.GET.get("partial") == "map"
        else ("reports/dashboard.html")
    )
    return render(request, template, context)
