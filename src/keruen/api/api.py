"""The REST API at /api/v1/, assembled from each app's `api.router`.

Authentication (`keruen.api.auth.AUTH`: bearer token, session with CSRF, else the public) and the
problem+json error handlers (`keruen.api.errors`) apply to every router mounted here.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from ninja import NinjaAPI

from keruen.api import errors, feed
from keruen.api.auth import AUTH
from keruen.api.docs import EmbeddedSwagger


class KeruenAPI(NinjaAPI):
    """Builds the OpenAPI document once per process (it takes seconds: dozens of pydantic models)
    and documents the problem+json answers of every operation in one place."""

    _openapi_cache: dict[Any, Any]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        cache = self.__dict__.setdefault("_openapi_cache", {})
        key = repr((args, sorted(kwargs.items())))
        if key not in cache:
            cache[key] = errors.document_problems(super().get_openapi_schema(*args, **kwargs))
        return cache[key]


api = KeruenAPI(
    title="Keruen API",
    version="1",
    description=(
        "Foreign-investment projects, agreements, events and the figures behind them. "
        "Authenticate with `Authorization: Bearer <token>` (`keruen users token NAME`) or a "
        "signed-in session; without either you are the public and see public records only. "
        "Lists answer `{count, items}` with `limit`/`offset`; items carry an `ETag`, and writes "
        "honour `If-Match` (412 when stale); errors are RFC 9457 problem+json. "
        "See docs/api.md."
    ),
    urls_namespace="api",
    auth=AUTH,
    docs=EmbeddedSwagger(),
)
errors.install(api)
api.add_router("", feed.router)

for config in apps.get_app_configs():
    if config.name.startswith("keruen.") and config.label != "api":
        spec = f"{config.name}.api"
        if find_spec(spec):
            module = import_module(spec)
            router = getattr(module, "router", None)
            if router is not None:
                # Each router spells out its own plural paths ("/projects/", "/portfolios/").
                api.add_router("", router)
