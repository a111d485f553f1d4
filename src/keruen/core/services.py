"""Writes shared by every app: sources of figures, and the check of the fields a write names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from keruen.core.history import save_with_history
from keruen.core.models import Source
from keruen.core.types import Actor


def check_fields(values: dict[str, Any], allowed: Set[str], what: str) -> None:
    """Refuse a write that names a field the services do not let a caller set."""
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(
            {
                f: _("Unknown %(what)s field %(field)r.") % {"what": what, "field": f}
                for f in sorted(unknown)
            }
        )


def required_text(value: str | None, field: str, message: str) -> str:
    """`value` stripped, refused with `message` on `field` when that leaves nothing."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def move_status(
    record: models.Model,
    to: str,
    transitions: Mapping[str, Set[str]],
    refusal: str,
    *,
    none: str,
    **names: Any,
) -> None:
    """Set `record.status` to `to` when `transitions` allow it from the current status. Otherwise
    refuse on `status` with `refusal`, formatted with the record's `names` and `current`, `to` and
    `allowed` (the statuses it may move to, or `none`)."""
    current = record.status  # type: ignore[attr-defined]
    if to not in transitions[current]:
        allowed = ", ".join(sorted(transitions[current])) or none
        values = {**names, "current": current, "to": to, "allowed": allowed}
        raise ValidationError({"status": refusal % values})
    record.status = to  # type: ignore[attr-defined]


def free_value(model: type[models.Model], field: str, base: str) -> str:
    """`base`, or the first of `base-2`, `base-3`, ... that no `model` row has in `field`: a new
    record's code or slug made from its name."""
    value, n = base, 2
    while model._default_manager.filter(**{field: value}).exists():
        value = f"{base}-{n}"
        n += 1
    return value


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
