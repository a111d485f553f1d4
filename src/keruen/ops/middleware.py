"""Middleware of operations: request metrics, 503 while the database is away, replica reads."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from keruen.ops import metrics
from keruen.ops.routers import REPLICA, replica_reads

#: Seconds a client is told to wait before retrying while the database is unreachable.
RETRY_AFTER = 5
#: The cookie that keeps a browser's reads on the primary just after it wrote.
PIN_COOKIE = "keruen_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

GetResponse = Callable[[HttpRequest], HttpResponse]


class RequestMetricsMiddleware:
    """Counts requests and their latency by route (the URL pattern, not the path: bounded)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        route = (match.route or match.view_name) if match else "<unmatched>"
        metrics.observe_request(
            route=route,
            method=request.method or "",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 with Retry-After instead of 500; the
    next request opens a new connection (CONN_HEALTH_CHECKS), so the site recovers by itself."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return unavailable(request)


def unavailable(request: HttpRequest) -> HttpResponse:
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


class ReplicaReadsMiddleware:
    """Opens `replica_reads()` around GET/HEAD requests unless the browser wrote moments ago;
    after a write, sets the cookie that pins its reads to the primary for a while."""

    def __init__(self, get_response: GetResponse) -> None:
        if REPLICA not in connections:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES:
            with replica_reads():
                return self.get_response(request)
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.KERUEN_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
