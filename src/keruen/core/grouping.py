"""What payloads share to build a page of records in a fixed number of queries: the records' own
fields by pk, and their related rows grouped by key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models


def grouped(rows: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    """`{key: [value, ...]}` from `(key, value)` rows, values in the rows' order."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for key, value in rows:
        out[key].append(value)
    return out


def rows_by_pk(
    model: type[models.Model],
    pks: Sequence[int],
    fields: Sequence[str],
    renamed: Mapping[str, str],
) -> dict[int, dict[str, Any]]:
    """`{pk: row}` of `model`'s records `pks` (those that exist) in one query: each row holds
    `fields` and, under their new names, the lookups of `renamed` (`{"region__code": "region"}`),
    which come after the fields."""
    rows = {}
    for r in model._default_manager.filter(pk__in=pks).values("id", *fields, *renamed):
        for old, new in renamed.items():
            r[new] = r.pop(old)
        rows[r.pop("id")] = r
    return rows


def related_values(
    through: type[models.Model], owner: str, pks: Sequence[int], value: str, **filters: Any
) -> dict[Any, list[Any]]:
    """`{pk: [value, ...]}` in one query: for each record `pks`, the `value` (a lookup such as
    "portfolio__slug") of its rows of the many-to-many table `through` (whose column `owner`,
    e.g. "agreement_id", points at the record), sorted by it; `filters` narrow the rows."""
    return grouped(
        through._default_manager.filter(**{f"{owner}__in": pks}, **filters)
        .values_list(owner, value)
        .order_by(value)
    )


def pk_subquery(qs: models.QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL that selects the primary keys of `qs`, and its parameters, for the `IN (…)` of a
    statement written by hand around the ORM's filters (access rules included); a queryset that
    can match nothing (a reader who may see none of it) gives a SELECT of no rows."""
    pks = qs.order_by().values("pk")
    try:
        sql, params = pks.query.sql_with_params()
    except EmptyResultSet:
        meta = qs.model._meta
        return f"SELECT {meta.pk.column} FROM {meta.db_table} WHERE 1 = 0", ()
    return sql, tuple(params)
