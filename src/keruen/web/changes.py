"""A record's history as readable changes: who, when, why, and each field's before → after.

Works for any model with `history = KeruenHistory(...)`. The rows are read once (with their
many-to-many snapshots prefetched), related records are looked up in one query per model, so a
history page costs the same few queries however long the history is (it shows the last `limit`).
The record's parts kept in their own tables (a project's investors) are named by `parts`: each
added, changed or removed part is a change of the record, with its own who, when and why.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from keruen.web.templatetags.keruen_tags import ldate, ldatetime, num

SKIPPED = {"created_at", "updated_at", "id"}


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class Entry:
    date: Any
    user: Any
    reason: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change] = field(default_factory=list)


def _display(f: models.Field, value: Any, lookups: dict[Any, dict[Any, Any]]) -> Any:
    if value is None or value == "":
        return "—"
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if f.is_relation:
        target = lookups.get(f.related_model, {})
        if isinstance(value, (set, frozenset, list, tuple)):
            return ", ".join(str(target.get(v, v)) for v in sorted(value)) or "—"
        return str(target.get(value, value))
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, (dt.date, dt.datetime)):
        return ldatetime(value) if isinstance(value, dt.datetime) else ldate(value)
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return num(value, 2 if isinstance(value, Decimal) and value % 1 else 0)
    return value


def changes(
    obj: models.Model,
    *,
    limit: int = 20,
    hidden: frozenset[str] = frozenset(),
    parts: Mapping[str, str] | None = None,
) -> list[Entry]:
    """The last `limit` changes of `obj`, newest first; `parts` maps the reverse relations of its
    parts with history (e.g. "investors") to the label their changes are shown under."""
    out = _own_changes(obj, limit=limit, hidden=hidden)
    shown = {name: label for name, label in (parts or {}).items() if name not in hidden}
    if not shown:
        return out
    for name, label in shown.items():
        out.extend(_part_changes(obj, name, label, limit=limit))
    out.sort(key=lambda e: e.date, reverse=True)
    return out[:limit]


def _part_changes(obj: models.Model, name: str, label: str, *, limit: int) -> list[Entry]:
    """Each history row of the parts of `obj` in relation `name` as a change of `obj`: the part
    as it was before (— when added) and after (— when removed), e.g. "Org · lead investor · 30"."""
    relation = obj._meta.get_field(name)
    assert isinstance(relation, models.ManyToOneRel), f"{name} is not a relation to parts"
    parent = relation.field  # the part's key to `obj`
    part_model = relation.related_model
    history_model = part_model.history.model  # type: ignore[attr-defined]
    rows = list(
        history_model.objects.filter(**{parent.attname: obj.pk})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    shown = [
        f
        for f in part_model._meta.concrete_fields
        if f.name not in SKIPPED and f.name != parent.name
    ]
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for row in rows:
        for f in shown:
            if f.is_relation and getattr(row, f.attname) is not None:
                wanted[f.related_model].add(getattr(row, f.attname))
    lookups = {m: m._default_manager.in_bulk(list(ids)) for m, ids in wanted.items()}

    def described(row: Any) -> str:
        values = (_display(f, getattr(row, f.attname), lookups) for f in shown)
        return " · ".join(str(v) for v in values)

    out = []
    before: dict[Any, str] = {}
    for row in rows:
        now = described(row)
        old = "—" if row.history_type == "+" else before.get(row.id, now)
        new = "—" if row.history_type == "-" else now
        before[row.id] = now
        if old == new:
            continue
        out.append(
            Entry(
                date=row.history_date,
                user=row.history_user,
                reason=row.history_change_reason or "",
                kind="~",
                changes=[Change(name, label, old, new)],
            )
        )
    return out[::-1][:limit]


def _own_changes(obj: models.Model, *, limit: int, hidden: frozenset[str]) -> list[Entry]:
    model = type(obj)
    history_model = model.history.model  # type: ignore[attr-defined]
    m2m_fields = list(getattr(history_model, "_history_m2m_fields", []))
    rows = list(
        history_model.objects.filter(id=obj.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    tracked = {f.name: f for f in model._meta.concrete_fields if f.name not in SKIPPED | hidden}
    m2m_names = {f.name for f in m2m_fields} - hidden

    # The many-to-many snapshots: one query per relation for all the rows shown.
    snapshots: dict[tuple[str, Any], set[Any]] = defaultdict(set)
    for f in m2m_fields:
        if f.name in hidden:
            continue
        through = getattr(rows[0], f.name).model if rows else None
        if through is None:
            continue
        attname = f.m2m_reverse_field_name() + "_id"
        for hid, target in through.objects.filter(
            history_id__in=[r.history_id for r in rows]
        ).values_list("history_id", attname):
            snapshots[(f.name, hid)].add(target)

    def m2m_ids(row: Any, f: models.ManyToManyField) -> frozenset[Any]:
        return frozenset(snapshots.get((f.name, row.history_id), ()))

    raw: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for i, new in enumerate(rows[:limit]):
        old = rows[i + 1] if i + 1 < len(rows) else None
        diffs: list[tuple[str, Any, Any]] = []
        if old is not None and new.history_type == "~":
            for name, f in tracked.items():
                a, b = getattr(old, f.attname), getattr(new, f.attname)
                if a != b:
                    diffs.append((name, a, b))
            for f in m2m_fields:
                if f.name in m2m_names:
                    a, b = m2m_ids(old, f), m2m_ids(new, f)
                    if a != b:
                        diffs.append((f.name, a, b))
        for name, a, b in diffs:
            f = tracked.get(name) or next(m for m in m2m_fields if m.name == name)
            if f.is_relation:
                for v in (a, b):
                    if isinstance(v, frozenset):
                        wanted[f.related_model] |= set(v)
                    elif v is not None:
                        wanted[f.related_model].add(v)
        raw.append((new, diffs))
    lookups = {m: m._default_manager.in_bulk(list(ids)) for m, ids in wanted.items()}
    out = []
    for row, diffs in raw:
        entry = Entry(
            date=row.history_date,
            user=row.history_user,
            reason=row.history_change_reason or "",
            kind=row.history_type,
        )
        for name, a, b in diffs:
            f = tracked.get(name) or next(m for m in m2m_fields if m.name == name)
            entry.changes.append(
                Change(name, str(f.verbose_name), _display(f, a, lookups), _display(f, b, lookups))
            )
        out.append(entry)
    return out
