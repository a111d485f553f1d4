"""Laying a `Briefing` out: HTML from a template, then PDF with WeasyPrint.

The template is rendered by a small engine of the brief's own, which adds the locale-aware filters
of `tags.py` as builtins; everything is drawn in the brief's language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.utils import translation

from keruen.reports.briefing import charts
from keruen.reports.briefing.build import LIST_LIMIT
from keruen.reports.briefing.data import Briefing

TEMPLATE = "reports/briefing/brief.html"


@lru_cache(maxsize=1)
def _engine() -> Engine:
    template_dirs = cast(list[Any], settings.TEMPLATES[0].get("DIRS", []))
    return Engine(
        dirs=[str(d) for d in template_dirs],
        app_dirs=True,
        debug=settings.DEBUG,
        libraries=get_installed_libraries(),
        builtins=["keruen.reports.briefing.tags"],
        autoescape=True,
    )


def briefing_context(b: Briefing) -> dict[str, Any]:
    """What the template gets: the brief, and its charts drawn as SVG."""
    return {
        "b": b,
        "list_limit": LIST_LIMIT,
        "list_slice": f":{LIST_LIMIT}",
        "list_minus": -LIST_LIMIT,
        "LANGUAGE_CODE": b.language,
        "regions_map_svg": charts.to_img(b.regions.map),
        "regions_chart_svg": charts.to_img(b.regions.chart),
        "funnel_svg": charts.to_img(b.funnel.chart) if b.funnel else "",
        "target_rows": [(t, charts.to_img(t.chart)) for t in b.targets],
    }


def briefing_render_html(b: Briefing) -> str:
    with translation.override(b.language):
        return (
            _engine().get_template(TEMPLATE).render(Context(briefing_context(b), autoescape=True))
        )


def briefing_render_pdf(b: Briefing) -> bytes:
    import weasyprint

    html = briefing_render_html(b)
    return bytes(weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
