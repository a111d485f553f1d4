"""Many rows written at once, as plain tuples: `COPY` on PostgreSQL, `executemany` elsewhere.

Imports write tens of thousands of projects, relations, investors and history rows in one
transaction. Building a model instance per row and letting the ORM prepare every value costs more
than validating the row, so the bulk services (`project_bulk_create`, `project_bulk_update`)
write rows as tuples of column values:

- new rows: on PostgreSQL their keys are taken from the table's sequence first, then the rows go
  through `COPY … FROM STDIN` (psycopg's `cursor.copy()`); elsewhere (SQLite) through
  `executemany`, their keys read back as the ones above the table's largest key before the insert
  (SQLite's AUTOINCREMENT hands out the next ones in order, and the write lock is the
  transaction's);
- changed rows: on PostgreSQL `COPY` into a temporary staging table, then one `UPDATE … FROM`
  the staging table; elsewhere an `executemany` of `UPDATE … WHERE id = ?`;
- history rows of new rows: written by the same `COPY` / `executemany` from the values just written
  (`write_history`), keys reserved as for new rows, each relation's snapshot from the through rows
  just written: nothing is read back;
- history rows of changed rows: copied by the database from the stored rows
  (`copy_history`: `INSERT … SELECT … RETURNING`), the relations' snapshots joined to them by the
  changed rows' keys, so no history row passes through Python.

No `save()` and no signals, as with `bulk_create`: the callers are services that write what
`save()` would (history rows, relations, summary facts) themselves. Everything is written in the
caller's transaction: all of it or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import count
from typing import Any

from django.db import connection, models
from django.db.models import F, Lookup, Q

from keruen.core.types import Actor
from keruen.notifications.hooks import history_ids_recorded

#: Keys per `IN (…)` list on engines without arrays (SQLite caps a statement's parameters).
CHUNK = 500
_staging = count()


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def key_chunks(keys: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
    """`= ANY(%s)` with the keys as one array on PostgreSQL; `IN (%s, …)` by chunks elsewhere."""
    if _postgres():
        if keys:
            yield "= ANY(%s)", [list(keys)]
        return
    for start in range(0, len(keys), CHUNK):
        part = list(keys[start : start + CHUNK])
        yield f"IN ({', '.join(['%s'] * len(part))})", part


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the keys as one array parameter (PostgreSQL)."""

    lookup_name = "keruen_any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, list(self.rhs))


def among(name: str, keys: Sequence[Any]) -> Any:
    """A filter of the rows whose field `name` is one of `keys`, for `QuerySet.filter`: on
    PostgreSQL the keys go as one array, not as a query of thousands of placeholders that the
    ORM builds and the driver parses again for every batch of an import; elsewhere `__in`."""
    if _postgres():
        return _AnyOf(F(name), list(keys))
    return Q(**{f"{name}__in": keys})


def db_datetime(value: dt.datetime) -> Any:
    """A datetime as the engine's driver takes it (SQLite stores naive UTC text)."""
    return value if _postgres() else connection.ops.adapt_datetimefield_value(value)


def insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in the order of `columns`) into `table`."""
    names = ", ".join(_quote(c) for c in columns)
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if _postgres():
            with cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", list(rows))


#: The sequence of each (table, key column), read once per process.
_sequences: dict[tuple[str, str], str] = {}


def _sequence(cursor: Any, table: str, key: str) -> str:
    """The name of the sequence that numbers `table`'s `key`: asked once, not in the statement
    that takes the keys (there `pg_get_serial_sequence` would run again for every key, at several
    times the cost of `nextval`)."""
    name = _sequences.get((table, key))
    if name is None:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, key])
        (name,) = cursor.fetchone()
        _sequences[table, key] = name
    return name


def insert_new(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, key: str = "id"
) -> list[int]:
    """Insert rows without their `key` (`columns` leave it out); the keys they got, in order."""
    if not rows:
        return []
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [_sequence(cursor, table, key), len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            insert(table, [key, *columns], ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
            return ids
        k = _quote(key)
        cursor.execute(f"SELECT COALESCE(MAX({k}), 0) FROM {_quote(table)}")
        (before,) = cursor.fetchone()
        insert(table, columns, rows)
        cursor.execute(f"SELECT {k} FROM {_quote(table)} WHERE {k} > %s ORDER BY {k}", [before])
        ids = [pk for (pk,) in cursor.fetchall()]
    assert len(ids) == len(rows), "rows were inserted beside ours in the same transaction"
    return ids


def update(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `columns` of the rows whose key is each row's first value (`(id, *values)`)."""
    if not rows or not columns:
        return
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if _postgres():
            stage = f"keruen_stage_{next(_staging)}"
            names = ", ".join(_quote(c) for c in columns)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "
                f"SELECT id, {names} FROM {_quote(table)} WITH NO DATA"
            )
            insert(stage, ["id", *columns], rows)
            sets = ", ".join(f"{_quote(c)} = s.{_quote(c)}" for c in columns)
            cursor.execute(f"UPDATE {_quote(table)} t SET {sets} FROM {stage} s WHERE t.id = s.id")
            cursor.execute(f"DROP TABLE {stage}")
            return
        sets = ", ".join(f"{_quote(c)} = %s" for c in columns)
        cursor.executemany(
            f"UPDATE {_quote(table)} SET {sets} WHERE id = %s", [(*r[1:], r[0]) for r in rows]
        )


def delete(table: str, column: str, keys: Sequence[Any]) -> None:
    """Delete the rows of `table` whose `column` is one of `keys`."""
    with connection.cursor() as cursor:
        for where, params in key_chunks(keys):
            cursor.execute(f"DELETE FROM {_quote(table)} WHERE {_quote(column)} {where}", params)


def _history(model: type[models.Model]) -> tuple[list[Any], list[str], type[models.Model]]:
    """The fields a history row of `model` copies, the history table's columns they and the
    history's own values go to (in that order), and the history model."""
    records = model._keruen_history  # type: ignore[attr-defined]
    history_model = model.history.model  # type: ignore[attr-defined]
    fields = records.fields_included(model())
    target = [history_model._meta.get_field(f.name).column for f in fields]
    target += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    return fields, target, history_model


def _snapshots(model: type[models.Model]) -> Iterator[tuple[str, str, str, str, str]]:
    """Each many-to-many relation the history of `model` snapshots: its name, its history table,
    its through table and the through table's columns that point at `model` and at the other
    record."""
    records = model._keruen_history  # type: ignore[attr-defined]
    for field in getattr(records, "m2m_fields", []):
        name = field if isinstance(field, str) else field.name
        m2m_model = records.m2m_models[model._meta.get_field(name)]
        through = getattr(model, name).through
        own = next(f.column for f in through._meta.fields if f.related_model is model)
        other = next(
            f.column for f in through._meta.fields if f.is_relation and f.related_model is not model
        )
        yield name, m2m_model._meta.db_table, through._meta.db_table, own, other


def _user_id(actor: Actor) -> Any:
    return actor.pk if actor is not None and getattr(actor, "pk", None) else None


def write_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    relations: Mapping[str, Sequence[tuple[int, int, int]]] | None = None,
    actor: Actor,
    reason: str,
    history_type: str,
    now: dt.datetime,
) -> list[int]:
    """One history row per row of `model` just written, from the values written (`rows`, by
    attribute name, each with its key), with each many-to-many relation's snapshot from the
    through rows just written (`relations`: name → (through key, row key, other key)), as
    `copy_history` records them but without reading anything back. Returns the history keys,
    in the order of `rows`."""
    fields, target, history_model = _history(model)
    attnames = [f.attname for f in fields]
    extra = (db_datetime(now), reason, history_type, _user_id(actor))
    history_ids = insert_new(
        history_model._meta.db_table,
        target,
        [(*(row[a] for a in attnames), *extra) for row in rows],
        key="history_id",
    )
    by_key = {row["id"]: hid for row, hid in zip(rows, history_ids, strict=True)}
    for name, table, _through, own, other in _snapshots(model):
        snapshot = sorted(
            (by_key[pk], through_pk, pk, target_pk)
            for through_pk, pk, target_pk in (relations or {}).get(name, ())
        )
        insert(
            table,
            ["history_id", "id", own, other],
            [(hid, through_pk, pk, target_pk) for hid, through_pk, pk, target_pk in snapshot],
        )
    history_ids_recorded(model, history_ids)
    return history_ids


def copy_history(
    model: type[models.Model],
    column: str,
    keys: Sequence[Any],
    *,
    actor: Actor,
    reason: str,
    history_type: str,
    now: dt.datetime,
) -> list[int]:
    """One history row per row of `model` whose `column` is one of `keys`, copied by the database
    from the stored row (in key order), with each of its many-to-many relations' snapshot (the
    through rows it has now), as `save_with_history` records them. Returns the history keys."""
    fields, target, history_model = _history(model)
    source = ", ".join(_quote(f.column) for f in fields)
    table = _quote(model._meta.db_table)
    history_table = _quote(history_model._meta.db_table)
    history_ids: list[int] = []
    row_ids: list[int] = []
    with connection.wrap_database_errors, connection.cursor() as cursor:
        for where, params in key_chunks(keys):
            cursor.execute(
                f"INSERT INTO {history_table} ({', '.join(_quote(c) for c in target)}) "
                f"SELECT {source}, %s, %s, %s, %s FROM {table} WHERE {_quote(column)} {where} "
                f"ORDER BY id RETURNING history_id, id",
                [db_datetime(now), reason, history_type, _user_id(actor), *params],
            )
            copied = sorted(cursor.fetchall())
            history_ids += [hid for hid, _pk in copied]
            row_ids += [pk for _hid, pk in copied]
        # Each snapshot joins the through rows by the copied rows' keys as well as by their
        # history keys, so that the through table is read by its index on the key (a join on
        # the history keys alone is planned as a scan of the whole through table per batch).
        pairs = list(zip(history_ids, row_ids, strict=True))
        step = len(pairs) if _postgres() else CHUNK // 2
        for _name, m2m_table, through, own, other in _snapshots(model):
            for start in range(0, len(pairs), step or 1):
                part = pairs[start : start + step]
                h_where, h_params = next(key_chunks([hid for hid, _pk in part]))
                t_where, t_params = next(key_chunks([pk for _hid, pk in part]))
                cursor.execute(
                    f"INSERT INTO {_quote(m2m_table)} "
                    f"(id, {_quote(own)}, {_quote(other)}, history_id) "
                    f"SELECT t.id, t.{_quote(own)}, t.{_quote(other)}, h.history_id "
                    f"FROM {_quote(through)} t "
                    f"JOIN {history_table} h ON h.id = t.{_quote(own)} "
                    f"WHERE h.history_id {h_where} AND t.{_quote(own)} {t_where} "
                    f"ORDER BY h.history_id, t.id",
                    [*h_params, *t_params],
                )
    history_ids_recorded(model, history_ids)
    return history_ids
