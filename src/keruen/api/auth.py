"""Who is calling the API: a bearer token, a browser session, or the public.

`AUTH` is the API-wide list of authentication callbacks (set on the `NinjaAPI`, so every router
inherits it; do not pass `auth=` on your own routes). After it ran, `current_user(request)` is the
user — `AnonymousUser` for the public — and also `request.user`. Decide what they may do with the
selectors (`Model.objects.restrict(user, action)`), never with role checks in the handler.

- `Authorization: Bearer <token>`: an `accounts.ApiToken` (only its SHA-256 digest is stored). An
  unknown or revoked token answers 401, it never falls back to the public.
- The Django session cookie: unsafe methods (POST, PATCH, PUT, DELETE) must carry the CSRF token
  (`X-CSRFToken` header with the `csrftoken` cookie's value), or they answer 403.
- Neither: the public (anonymous), which may read public records only.

Before any of them, `reject_nul` refuses input holding NUL characters (422): PostgreSQL cannot
store them, and a request should fail on its input, not in the database.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from keruen.accounts.selectors import user_for_token

log = logging.getLogger("keruen.access")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def reject_nul(request: HttpRequest) -> None:
    """Answer 422 for NUL characters in the path, query, headers or body (never authenticates)."""
    raw_body = request.body if request.method not in SAFE_METHODS else b""
    if (
        "\x00" in request.path
        or any("\x00" in v for values in request.GET.lists() for v in values[1])
        or any("\x00" in k for k in request.GET)
        or any("\x00" in str(v) for v in request.headers.values())
        or b"\x00" in raw_body
        or b"\\u0000" in raw_body
    ):
        raise HttpError(
            422, _("The request holds a NUL character (\\u0000), which is not allowed.")
        )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a bad token is a 401, not the public."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError(
                401, _("Expected the header 'Authorization: Bearer <token>'.")
            )
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            log.warning(
                "api token refused",
                extra={"event": {"event": "auth.token_refused", "path": request.path}},
            )
            raise AuthenticationError(401, _("Unknown, revoked or inactive user's API token."))
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The Django session of a signed-in browser; CSRF is checked on unsafe methods."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                _(
                    "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's "
                    "value, or use an API token."
                ),
            )
        return user


def public_access(request: HttpRequest) -> Any:
    """The last resort: the caller is the public."""
    user = AnonymousUser()
    request.user = user
    return user


#: The API-wide authentication, in order: input check, token, session, public.
AUTH: list[Any] = [reject_nul, TokenAuth(), SessionAuth(), public_access]


def current_user(request: HttpRequest) -> Any:
    """The user behind the request (an `AnonymousUser` for the public)."""
    user = getattr(request, "auth", None)
    if user is None:
        user = getattr(request, "user", None) or AnonymousUser()
    return user
