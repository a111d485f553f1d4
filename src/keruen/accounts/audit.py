"""Structured (JSON, UTC) log lines for sign-ins, failed sign-ins and sign-outs.

Connected in `AccountsConfig.ready()`; they only log, they change nothing. Denied API calls are
logged by `keruen.api.errors`, lockouts by django-axes.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("keruen.access")


def _ip(request: Any) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log.info(
        "login",
        extra={"event": {"event": "auth.login", "user": user.get_username(), "ip": _ip(request)}},
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    log.warning(
        "login failed",
        extra={
            "event": {
                "event": "auth.login_failed",
                "user": str(credentials.get("username", "")),
                "ip": _ip(request),
            }
        },
    )


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log.info(
        "logout",
        extra={
            "event": {
                "event": "auth.logout",
                "user": user.get_username() if user is not None else "",
                "ip": _ip(request),
            }
        },
    )


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_login, dispatch_uid="keruen.audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="keruen.audit.login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="keruen.audit.logout")
