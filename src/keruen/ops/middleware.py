"""Middleware of operations: request metrics, 503 while the database is away, replica reads."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpRequest, HttpResponse

from keruen.ops import metrics
from keruen.ops.routers import REPLICA, replica_reads
from keruen.web.errors import DATABASE_AWAY, database_unavailable

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
    next request opens a new connection (CONN_HEALTH_CHECKS), so the site recovers by itself.
    Outside a view (another middleware, an error page), the 500 handler does the same."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_AWAY):
            return None
        return database_unavailable(request)


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
