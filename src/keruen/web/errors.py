"""The 403, 404 and 500 pages: in the reader's language, with the menu and a way back; 503 with
`Retry-After` while the database is unreachable.

The 500 page renders without a request context (no user, session or messages), so that it shows
even when the database is what failed."""

from __future__ import annotations

import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
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
    # Django calls this while it handles the exception. A database that went away outside a view
    # (a middleware, an error page reading the session) is a 503 too, like one a view met.
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        return database_unavailable(request)
    html = loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(html)


#: What the database driver raises when the server is down, restarting or dropped the connection.
DATABASE_AWAY = (OperationalError, InterfaceError)
#: Seconds a client is told to wait before retrying while the database is unreachable.
RETRY_AFTER = 5


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with `Retry-After`: problem+json under /api/, plain text (no template, no database)
    elsewhere."""
    detail = _("The database is unreachable for the moment; try again in a few seconds.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Service unavailable",
                "status": 503,
                "detail": detail,
                "instance": request.path,
            },
            status=503,
            content_type="application/problem+json",
        )
    else:
        response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    return response
