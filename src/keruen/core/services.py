"""Writes shared by every app: a record created with its history, sources of figures, and the
check of the fields a write names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set
from typing import Any, Required, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from keruen.core.history import save_with_history
from keruen.core.models import Source
from keruen.core.types import Actor

M = TypeVar("M", bound=models.Model)


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


def create_with_history(
    model: type[M],
    fields: Mapping[str, Any],
    *,
    actor: Actor,
    reason: str,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> M:
    """A new `model` row with `fields` (the model's defaults for the rest), saved with its history
    entry under `reason`. A create service states its fields as a `TypedDict`
    (`**fields: Unpack[...]`) and adds its own rules around this; the fields are not listed again
    to be passed on."""
    record = model(**fields)
    save_with_history(record, actor=actor, reason=reason, m2m=m2m)
    return record


class SourceFields(TypedDict, total=False):
    code: Required[str]
    kind: Required[str]
    title: Required[str]
    publisher: str
    url: str
    published_on: dt.date | None
    note: str
    is_illustrative: bool


def source_get_or_create(*, actor: Actor, reason: str, **fields: Unpack[SourceFields]) -> Source:
    """The source with `fields["code"]`, created from `fields` when there is none."""
    existing = Source.objects.filter(code=fields["code"]).first()
    return existing or create_with_history(Source, fields, actor=actor, reason=reason)
