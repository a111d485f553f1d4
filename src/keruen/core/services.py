"""Writes shared by every app: sources of figures."""

from __future__ import annotations

import datetime as dt

from keruen.core.history import save_with_history
from keruen.core.models import Source
from keruen.core.types import Actor


def source_get_or_create(
    *,
    actor: Actor,
    reason: str,
    code: str,
    kind: str,
    title: str,
    publisher: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    note: str = "",
    is_illustrative: bool = False,
) -> Source:
    existing = Source.objects.filter(code=code).first()
    if existing:
        return existing
    s = Source(
        code=code,
        kind=kind,
        title=title,
        publisher=publisher,
        url=url,
        published_on=published_on,
        note=note,
        is_illustrative=is_illustrative,
    )
    save_with_history(s, actor=actor, reason=reason)
    return s
