"""Users in each role, made through the accounts services, and their API tokens."""

from __future__ import annotations

import itertools
from typing import Any

from keruen.accounts.services import token_create, user_create

_n = itertools.count(1)


def make_user(
    role: str,
    *,
    regions: list[str] | None = None,
    organization: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> Any:
    return user_create(
        actor=None,
        reason="test",
        username=username or f"{role}-{next(_n)}",
        role=role,
        regions=regions or [],
        organization=organization,
        password=password,
    )


def token_for(user: Any) -> str:
    return token_create(actor=None, reason="test", user=user)[1]


def bearer(token: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
