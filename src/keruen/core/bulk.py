"""Inserting many rows at once: `COPY` on PostgreSQL, `bulk_create` elsewhere.

Imports write tens of thousands of projects, relations and history rows in one transaction. On
PostgreSQL the rows go through `COPY … FROM STDIN` (psycopg's copy), their keys taken from the
table's sequence beforehand so that related rows can point at them; that skips the ORM's
per-value preparation and the multi-row INSERT statements, which cost more than the rows'
validation. Other engines (SQLite) use `bulk_create`. Either way the rows are written in the
caller's transaction: all of them or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

#: Rows per `bulk_create` statement where there is no COPY.
BATCH = 2000


def _copy_value(field: models.Field, value: Any) -> Any:
    if value is not None and isinstance(field, models.JSONField):
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


def bulk_insert(model: type[M], objects: Sequence[M]) -> Sequence[M]:
    """Insert `objects` (new instances of `model`); each gets its primary key.

    No `save()` and no signals, as with `bulk_create`: callers are services that write what
    `save()` would (history rows, relations) themselves, in bulk.
    """
    if not objects:
        return objects
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objects, batch_size=BATCH)
        return objects
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f.column]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    quote = connection.ops.quote_name
    with connection.wrap_database_errors, connection.cursor() as cursor:
        missing = [o for o in objects if o.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(missing)],
            )
            for o, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                o.pk = pk
        columns = ", ".join(quote(f.column) for f in fields if f.column)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for o in objects:
                for f in stamped:
                    f.pre_save(o, add=True)
                copy.write_row([_copy_value(f, getattr(o, f.attname)) for f in fields])
    for o in objects:
        o._state.adding = False
        o._state.db = alias
    return objects
