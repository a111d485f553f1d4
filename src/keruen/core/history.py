"""Writing model instances with exactly one history row per changed object.

Every service write goes through `save_with_history`: it validates, saves with the automatic history
switched off, sets the many-to-many relations, then records one row with the actor and the reason.
`apply_changes` tells whether an update changes anything at all, so an unchanged re-import records
no history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from keruen.core.types import Actor


def _m2m_ids(instance: models.Model, name: str) -> set[Any]:
    if instance.pk is None:
        return set()
    return set(getattr(instance, name).values_list("pk", flat=True))


def apply_changes(
    instance: models.Model,
    fields: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> list[str]:
    """Set `fields` on `instance`; return the names of the fields and relations that differ."""
    changed: list[str] = []
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field), f"{name} is not a concrete field"
        if field.is_relation:
            # The stored value is the target field's (a code, for `to_field="code"` keys).
            new = (
                getattr(value, field.target_field.attname)
                if isinstance(value, models.Model) and isinstance(field, models.ForeignKey)
                else value
            )
            if getattr(instance, field.attname) != new:
                changed.append(name)
            if isinstance(value, models.Model):
                setattr(instance, name, value)
            else:
                setattr(instance, field.attname, value)
            continue
        if getattr(instance, name) != value:
            changed.append(name)
        setattr(instance, name, value)
    for name, objects in (m2m or {}).items():
        if {o.pk for o in objects} != _m2m_ids(instance, name):
            changed.append(name)
    return changed


def save_with_history(
    instance: models.Model,
    *,
    actor: Actor,
    reason: str,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    validate: bool = True,
) -> models.Model:
    """Validate and save `instance`, set its relations, and record one history row."""
    created = instance.pk is None
    if validate:
        instance.full_clean(exclude=_loaded_relations(instance))
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        instance.save()
        for name, objects in (m2m or {}).items():
            getattr(instance, name).set(list(objects))
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]
    record_history(instance, actor=actor, reason=reason, history_type="+" if created else "~")
    return instance


def _loaded_relations(instance: models.Model) -> list[str]:
    """Foreign keys set to a saved instance: they exist, so validating them costs a query for
    nothing (which adds up over an import of many rows)."""
    names = []
    for f in instance._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.is_cached(instance):
            related = f.get_cached_value(instance)
            if related is not None and related.pk is not None:
                names.append(f.name)
    return names


def record_history(instance: models.Model, *, actor: Actor, reason: str, history_type: str) -> None:
    records = getattr(type(instance), "_keruen_history", None)
    if records is None:
        return
    instance._history_user = actor if actor is not None and actor.pk else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    try:
        records.create_historical_record(instance, history_type)
    finally:
        del instance._history_user  # type: ignore[attr-defined]
        del instance._change_reason  # type: ignore[attr-defined]


def delete_with_history(instance: models.Model, *, actor: Actor, reason: str) -> None:
    """Delete `instance`; the history keeps a final row saying who deleted it and why."""
    instance._history_user = actor if actor is not None and actor.pk else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.delete()


def delete_with_parts(
    instance: models.Model, *parts: Iterable[models.Model], actor: Actor, reason: str
) -> None:
    """Delete the rows of `parts` (querysets of what belongs to `instance`), then `instance`,
    each with its history row saying who deleted it and why."""
    for rows in parts:
        for row in rows:
            delete_with_history(row, actor=actor, reason=reason)
    delete_with_history(instance, actor=actor, reason=reason)
