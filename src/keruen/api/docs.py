"""The interactive API docs at /api/v1/docs: ninja's offline Swagger UI, made quick to open.

Swagger UI 5 asks, as soon as a document loads, for the resolved `components/securitySchemes`;
for an OpenAPI 3.1 document its resolver first converts the *whole* document to ApiDOM, which for
Keruen's (~100 operations) costs two seconds of CPU before the first operation shows. Our security
schemes hold no `$ref`, so `static/api/docs.js` skips that request (an operation is still resolved
when the reader opens it). The document is embedded in the page (one request instead of two, and a
worker building it for the first time does so before the page arrives), and the long list of
schemas at the bottom is left out (each operation shows its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase, _csrf_needed

if TYPE_CHECKING:
    from ninja import NinjaAPI

SETTINGS: dict[str, Any] = {
    "layout": "BaseLayout",
    "deepLinking": True,
    # Every operation is listed (collapsed); the schemas are shown inside the operations.
    "docExpansion": "list",
    "defaultModelsExpandDepth": -1,
}


class EmbeddedSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = dict(SETTINGS, spec=api.get_openapi_schema(path_params=kwargs))
        context = {
            "api": api,
            "swagger_settings": settings,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)
