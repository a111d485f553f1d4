"""History entries for the API: who changed what, when, why, with each field before and after.

    rows = history_rows(Project.history.filter(id=p.pk),
                        ProjectInvestor.history.filter(project_id=p.pk))
    count, page = len(rows), rows[offset : offset + limit]
    items = history_entries(page, user=user)

Each entry: `{"id", "model", "object", "date", "user", "reason", "type", "changes":
[{"field", "before", "after"}]}`. Foreign keys and many-to-many relations show the related
objects' codes. Fields the user may not see (`accounts.policy.hidden_fields`) are left out. The
work per page is a fixed number of queries per history table, whatever the page size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import models
from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from keruen.accounts.policy import hidden_fields


class HistoryChange(Schema):
    field: str
    before: Any = None
    after: Any = None


class HistoryEntryOut(Schema):
    """One change: who, when, why, and each field before and after."""

    id: str
    model: str
    object: str
    date: dt.datetime
    user: str | None = None
    reason: str
    type: str
    changes: list[HistoryChange]


class HistoryQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


TYPES = {"+": "created", "~": "changed", "-": "deleted"}
#: Bookkeeping fields that change with every save and say nothing to a reader.
NOISE = {"created_at", "updated_at", "id"}


def history_rows(*querysets: QuerySet) -> list[Any]:
    """All rows of the given history querysets, newest first."""
    rows: list[Any] = []
    for qs in querysets:
        rows.extend(qs.select_related("history_user"))
    rows.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return rows


def _natural_field(model: type[models.Model]) -> str | None:
    names = {f.name for f in model._meta.fields}
    for candidate in ("code", "slug", "username"):
        if candidate in names:
            return candidate
    return None


def _fk_fields(history_model: Any) -> list[models.ForeignKey]:
    return [
        f
        for f in history_model.tracked_fields
        if isinstance(f, models.ForeignKey) and f.name not in NOISE
    ]


def _m2m_tables(history_model: Any) -> list[tuple[str, Any, str]]:
    """(field name, m2m history model, the column of the related object) per tracked m2m."""
    out = []
    names = {f.name for f in getattr(history_model, "_history_m2m_fields", [])}
    for rel in history_model._meta.get_fields():
        if rel.is_relation and rel.auto_created and not rel.concrete:
            through = rel.related_model
            for name in names:
                if through.__name__.endswith(f"_{name}"):
                    target = next(
                        f.attname
                        for f in through._meta.fields
                        if f.is_relation
                        and f.name not in ("history",)
                        and f.attname != "id"
                        and f.related_model is not history_model.instance_type
                    )
                    out.append((name, through, target))
    return out


class _Labels:
    """Natural keys of related objects, fetched once per related model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        if value is not None and _natural_field(model):
            self.wanted[model].add(value)

    def load(self) -> None:
        for model, values in self.wanted.items():
            field = _natural_field(model)
            assert field is not None
            self.found[model] = dict(
                model._default_manager.filter(pk__in=values).values_list("pk", field)
            )

    def label(self, model: type[models.Model], value: Any) -> Any:
        if value is None:
            return None
        return self.found.get(model, {}).get(value, value)


def _serial(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_serial(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def history_entries(rows: list[Any], *, user: Any, in_scope: bool = False) -> list[dict[str, Any]]:
    """The entries of `rows` (history records of any models), with their changes."""
    by_model: dict[Any, list[Any]] = defaultdict(list)
    for r in rows:
        by_model[type(r)].append(r)
    snapshots: dict[tuple[Any, int], dict[str, Any]] = {}
    prev_of: dict[tuple[Any, int], Any] = {}
    labels = _Labels()
    fks_of: dict[Any, list[models.ForeignKey]] = {}
    for hmodel, recs in by_model.items():
        ids = {r.id for r in recs}
        newest = max(r.history_id for r in recs)
        older: dict[Any, list[Any]] = defaultdict(list)
        for c in hmodel.objects.filter(id__in=ids, history_id__lt=newest).order_by("history_id"):
            older[c.id].append(c)
        involved = {r.history_id: r for r in recs}
        for r in recs:
            prev = None
            for c in older.get(r.id, []):
                if c.history_id < r.history_id:
                    prev = c
            prev_of[(hmodel, r.history_id)] = prev
            if prev is not None:
                involved[prev.history_id] = prev
        fks = _fk_fields(hmodel)
        fks_of[hmodel] = fks
        plain = [
            f
            for f in hmodel.tracked_fields
            if f.name not in NOISE and not isinstance(f, models.ForeignKey)
        ]
        for hid, rec in involved.items():
            snap = {f.name: getattr(rec, f.attname) for f in plain}
            for f in fks:
                value = getattr(rec, f.attname)
                snap[f.name] = value
                if f.target_field.primary_key:
                    labels.want(f.related_model, value)
            snapshots[(hmodel, hid)] = snap
        for name, through, target in _m2m_tables(hmodel):
            related = through._meta.get_field(target.removesuffix("_id")).related_model
            members: dict[int, list[Any]] = defaultdict(list)
            for hid, value in through.objects.filter(history_id__in=list(involved)).values_list(
                "history_id", target
            ):
                members[hid].append(value)
                labels.want(related, value)
            for hid in involved:
                snapshots[(hmodel, hid)][name] = (related, sorted(members.get(hid, [])))
    labels.load()

    def show(hmodel: Any, name: str, value: Any) -> Any:
        if isinstance(value, tuple):
            related, values = value
            return sorted(str(labels.label(related, v)) for v in values)
        for f in fks_of[hmodel]:
            if f.name == name and f.target_field.primary_key:
                return _serial(labels.label(f.related_model, value))
        return _serial(value)

    entries = []
    for r in rows:
        hmodel = type(r)
        label = hmodel.instance_type._meta.label_lower
        hidden = hidden_fields(user, label, in_scope=in_scope)
        snap = snapshots[(hmodel, r.history_id)]
        prev = prev_of[(hmodel, r.history_id)]
        before = snapshots[(hmodel, prev.history_id)] if prev is not None else {}
        changes = []
        if r.history_type != "-":
            for name, value in snap.items():
                if name in hidden:
                    continue
                old = before.get(name)
                new_shown, old_shown = show(hmodel, name, value), show(hmodel, name, old)
                if new_shown != old_shown and not (prev is None and new_shown in (None, "", [])):
                    changes.append({"field": name, "before": old_shown, "after": new_shown})
        natural = _natural_field(hmodel.instance_type)
        entries.append(
            {
                "id": f"{label}:{r.history_id}",
                "model": label,
                "object": str(getattr(r, natural) if natural else r.id),
                "date": r.history_date,
                "user": r.history_user.get_username() if r.history_user else None,
                "reason": r.history_change_reason or "",
                "type": TYPES.get(r.history_type, r.history_type),
                "changes": changes,
            }
        )
    return entries
