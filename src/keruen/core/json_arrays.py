"""A related list inside the row that owns it: one JSON array per row, built in SQL.

`JSONList(queryset)` annotates each row with the one column `queryset` selects (named `v`, in its
order) as a JSON array, as text (`[]` when there are none), on SQLite and PostgreSQL alike, so a
page of rows and their relations is one query. `json_list(text)` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet, Subquery, TextField

COLUMN = "v"


class JSONList(Subquery):
    """The values of `queryset`'s column `v` (scalars, or JSON objects when `objects`) as a JSON
    array in text; `queryset` is correlated to the outer row with `OuterRef`."""

    output_field = TextField()

    def __init__(self, queryset: QuerySet[Any], *, objects: bool = False) -> None:
        super().__init__(queryset)
        self.objects = objects

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # A JSON object loses its JSON type on leaving the inner query: json() restores it.
        value = f"json({COLUMN})" if self.objects else COLUMN
        template = f"(SELECT json_group_array({value}) FROM (%(subquery)s))"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            f"(SELECT COALESCE(json_agg(t.{COLUMN}), '[]'::json)::text FROM (%(subquery)s) AS t)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def json_list(text: str | list[Any] | None, **loads: Any) -> list[Any]:
    """The list a `JSONList` annotation holds (`loads`: `json.loads` options)."""
    if text is None:
        return []
    return json.loads(text, **loads) if isinstance(text, str) else text
