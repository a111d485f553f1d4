"""Probes and metrics: `/healthz` (the process answers), `/readyz` (it can serve: database,
migrations, task queue), `/metrics` (Prometheus text format, for the bearer token in
`KERUEN_METRICS_TOKEN`; 404 when no token is configured)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from keruen.ops import metrics, selectors
from keruen.web.errors import RETRY_AFTER


@never_cache
@require_safe
def healthz_view(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz_view(request: HttpRequest) -> HttpResponse:
    readiness = selectors.readiness()
    response = JsonResponse(readiness.to_json_dict(), status=200 if readiness.ok else 503)
    if not readiness.ok:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.KERUEN_METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        response = HttpResponse("A bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST)
