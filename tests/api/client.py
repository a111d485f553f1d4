"""The one way tests call the API: `call("PATCH", path, token, {"field": 1}, HTTP_IF_MATCH=tag)`."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.accounts.factories import bearer


def call(
    method: str,
    path: str,
    token: str | None = None,
    body: Any = None,
    *,
    client: Client | None = None,
    **headers: Any,
) -> Any:
    """`method` on `path` as the holder of `token` (the public without one), `body` as JSON."""
    kwargs: dict[str, Any] = {**bearer(token), **headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client or Client(), method.lower())(path, **kwargs)
