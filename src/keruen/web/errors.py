"""The 403, 404 and 500 pages: in the reader's language, with the menu and a way back.

The 500 page renders without a request context (no user, session or messages), so that it shows
even when the database is what failed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _back(request: HttpRequest) -> str:
    """The page the reader came from, when it is one of ours."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _page(request: HttpRequest, status: int, heading: str, explanation: str, detail: Any) -> Any:
    context = {
        "status": status,
        "heading": heading,
        "explanation": explanation,
        "detail": str(detail) if detail and str(detail) != heading else "",
        "back": _back(request),
    }
    return render(request, "error.html", context, status=status)


def page_forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = exception.args[0] if exception is not None and exception.args else ""
    return _page(
        request,
        403,
        _("You may not do this"),
        _("Your role or your scope (regions, organization) does not allow it."),
        detail,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = exception.args[0] if exception is not None and exception.args else ""
    if isinstance(detail, dict):  # Django's own "no URL matches" carries a dict
        detail = ""
    return _page(
        request,
        404,
        _("Page not found"),
        _("There is no such page, or you may not see it."),
        detail,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    html = loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(html)
