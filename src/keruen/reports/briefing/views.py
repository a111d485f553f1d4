"""The brief for the signed-in reader, from the web: `/brief/?portfolio=kz-cn&lang=ru`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from keruen.reports.briefing.build import briefing_build
from keruen.reports.briefing.formatting import LOCALES
from keruen.reports.briefing.render import briefing_render_html, briefing_render_pdf


@require_http_methods(["GET", "POST"])
def brief(request: HttpRequest) -> HttpResponse:
    """Anonymous readers get the open edition; everyone else sees what their access allows."""
    params = request.POST if request.method == "POST" else request.GET
    lang = params.get("lang") or (get_language() or "en")[:2]
    if lang not in LOCALES:
        lang = "en"
    fmt = params.get("format") or "pdf"
    if fmt not in ("pdf", "html"):
        return HttpResponseBadRequest("format: expected pdf or html")
    try:
        since = dt.date.fromisoformat(params["since"]) if params.get("since") else None
    except ValueError:
        return HttpResponseBadRequest("since: expected a date as YYYY-MM-DD")
    try:
        b = briefing_build(
            user=request.user,
            portfolio=params.get("portfolio") or None,
            since=since,
            since_meeting=params.get("since_meeting") or None,
            language=lang,
            public=not request.user.is_authenticated,
        )
    except ValidationError as e:
        return HttpResponseBadRequest("; ".join(e.messages))
    name = f"keruen-brief-{b.portfolio_slug or 'all'}-{lang}-{b.today.isoformat()}"
    if fmt == "html":
        return HttpResponse(briefing_render_html(b), content_type="text/html; charset=utf-8")
    response = HttpResponse(briefing_render_pdf(b), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
