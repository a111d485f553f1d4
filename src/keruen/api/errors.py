"""Errors as RFC 9457 problem details (`application/problem+json`), with field-level details.

Every error the API answers looks like::

    {"type": "https://keruen.kz/problems/validation", "title": "Invalid input", "status": 422,
     "detail": "...", "instance": "/api/v1/projects/KZCN-001",
     "errors": [{"field": "end_on", "message": "The planned completion ... is before ..."}]}

Handlers: raise, do not build responses. `django.core.exceptions.ValidationError` (what services
raise: `ValidationError({field: message})`) and request-parsing errors answer 422 with `errors`;
`Http404` / `ObjectDoesNotExist` 404; `PermissionDenied` 403; `PreconditionFailed` 412 (a stale
`If-Match`); `ninja.errors.HttpError(status, message)` any other status. `install(api)` registers
the handlers on a `NinjaAPI` (the Keruen API already has them). The OpenAPI document lists the
problem answers of every operation by itself (`document_problems`): declare your success
responses (spreading `PROBLEM_RESPONSES` is harmless).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

log = logging.getLogger("keruen.access")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://keruen.kz/problems/"
TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    422: "Invalid input",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}
TYPES = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    412: "precondition-failed",
    422: "validation",
    500: "server-error",
    503: "unavailable",
}


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[FieldError] = []


#: For routers that spread it into `response={...}`. The other problem answers are added to every
#: operation by `document_problems`: one pydantic model per answer per operation made building
#: the OpenAPI document take seconds.
PROBLEM_RESPONSES: dict[int, Any] = {422: Problem}

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def document_problems(schema: Any) -> Any:
    """Add the problem+json answers (401, 403, 404, 412, 422) to every operation of `schema`."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Problem"] = problem_schema
    content = {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            # ninja keys the codes a router declares as ints; JSON would then hold "422" twice.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            codes = [401, 403, 422]
            if "{" in path:
                codes.append(404)
            if method in ("patch", "put", "delete"):
                codes.append(412)
            if method == "delete":
                codes.append(409)
            for code in codes:
                responses[str(code)] = {
                    "description": TITLES.get(code, "Error"),
                    "content": content,
                }
    return schema


class PreconditionFailed(HttpError):
    """The `If-Match` the client sent is not the object's current ETag."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            412,
            message
            or _(
                "The object changed since you read it (If-Match does not match its ETag): "
                "read it again and repeat the change."
            ),
        )


def problem(
    request: HttpRequest | None,
    status: int,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    *,
    title: str | None = None,
    type_: str | None = None,
) -> HttpResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (type_ or TYPES.get(status, str(status))),
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="keruen"'
    return response


def field_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """The messages of a Django ValidationError, one per field (`__all__` for the whole)."""
    out: list[dict[str, str]] = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            field = "__all__" if name == "__all__" else name
            out.extend({"field": field, "message": str(m)} for m in errors)
    else:
        out.extend({"field": "__all__", "message": str(m)} for m in exc.messages)
    return out


def _loc(loc: Any) -> str:
    parts = [str(p) for p in (loc or [])]
    # ninja prefixes the source ("body", "query", "path") and the parameter's name.
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
        if len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def _on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = field_errors(exc)
    return problem(
        request, 422, "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]), errors
    )


def _on_ninja_validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = [{"field": _loc(e.get("loc")), "message": str(e.get("msg", e))} for e in exc.errors]
    return problem(
        request, 422, "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]), errors
    )


def _on_404(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, 404, _("No such object, or you may not see it."))


def _on_403(request: HttpRequest, exc: Any) -> HttpResponse:
    _log_denied(request, 403, str(exc))
    return problem(request, 403, str(exc) or _("You may not do this."))


def _on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    if exc.status_code in (401, 403):
        _log_denied(request, exc.status_code, str(exc))
    return problem(request, exc.status_code, str(exc))


def _on_auth(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, 401, str(exc) or _("Authentication required."))


def _on_protected(request: HttpRequest, exc: Any) -> HttpResponse:
    objs = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", []))
    shown = ", ".join(str(o) for o in objs[:5])
    return problem(
        request,
        409,
        _("Other records still refer to this one (%(objects)s): change or remove them first.")
        % {"objects": shown},
    )


def _on_bad_request(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(
        request, 400, _("The request body could not be read: %(error)s") % {"error": exc}
    )


def _on_exception(request: HttpRequest, exc: Any) -> HttpResponse:
    log.exception("api error", extra={"event": {"event": "api.error", "path": request.path}})
    return problem(request, 500, _("Something went wrong on the server; it has been logged."))


#: Seconds a client is told to wait while the database is unreachable.
RETRY_AFTER = 5


def _on_database_unavailable(request: HttpRequest, exc: Any) -> HttpResponse:
    """The database is away (restarting, failing over): 503 and when to retry, not 500; the
    next request opens a new connection."""
    log.warning(
        "database unavailable",
        extra={"event": {"event": "api.unavailable", "path": request.path, "error": str(exc)}},
    )
    response = problem(
        request, 503, _("The database is unreachable for the moment; try again in a few seconds.")
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _log_denied(request: HttpRequest, status: int, detail: str) -> None:
    user = getattr(request, "user", None)
    log.warning(
        "access denied",
        extra={
            "event": {
                "event": "access.denied",
                "status": status,
                "method": request.method,
                "path": request.path,
                "user": getattr(user, "username", "") or "",
                "detail": detail,
            }
        },
    )


def install(api: NinjaAPI) -> None:
    """Answer every error of `api` as problem+json."""
    api.add_exception_handler(Exception, _on_exception)
    api.add_exception_handler(DjangoValidationError, _on_django_validation)
    api.add_exception_handler(NinjaValidationError, _on_ninja_validation)
    api.add_exception_handler(Http404, _on_404)
    api.add_exception_handler(ObjectDoesNotExist, _on_404)
    api.add_exception_handler(PermissionDenied, _on_403)
    api.add_exception_handler(HttpError, _on_http_error)
    api.add_exception_handler(ProtectedError, _on_protected)
    api.add_exception_handler(MultiPartParserError, _on_bad_request)
    api.add_exception_handler(UnreadablePostError, _on_bad_request)
    api.add_exception_handler(RestrictedError, _on_protected)
    api.add_exception_handler(AuthenticationError, _on_auth)
    api.add_exception_handler(OperationalError, _on_database_unavailable)
    api.add_exception_handler(InterfaceError, _on_database_unavailable)
