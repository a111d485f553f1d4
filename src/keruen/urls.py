"""URLs: each app's `urls.py` is mounted at the root; the API at /api/v1/."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

for config in apps.get_app_configs():
    if config.name.startswith("keruen.") and find_spec(f"{config.name}.urls"):
        module = import_module(f"{config.name}.urls")
        urlpatterns.append(path("", include(module)))

handler403 = "keruen.web.errors.page_forbidden"
handler404 = "keruen.web.errors.page_not_found"
handler500 = "keruen.web.errors.server_error"
