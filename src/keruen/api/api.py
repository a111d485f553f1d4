"""The REST API at /api/v1/, assembled from each app's `api.router`."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Keruen API",
    version="1",
    description="Foreign-investment projects, agreements, events and the figures behind them.",
    urls_namespace="api",
)

for config in apps.get_app_configs():
    if config.name.startswith("keruen.") and config.label != "api":
        spec = f"{config.name}.api"
        if find_spec(spec):
            module = import_module(spec)
            router = getattr(module, "router", None)
            if router is not None:
                # Each router spells out its own plural paths ("/projects/", "/portfolios/").
                api.add_router("", router)
