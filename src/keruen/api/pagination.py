"""Lists answer `{"count": N, "items": [...]}`, paged with `limit` and `offset`.

    class InstructionQuery(PageQuery):      # limit, offset, sort come with it
        status: str | None = None

    @router.get("/instructions/", response=page_schema(InstructionOut))
    def instruction_list(request, query: Query[InstructionQuery]):
        qs = apply_sort(selectors.instruction_list(user=current_user(request), ...), query.sort,
                        SORTS, default=("code",))
        count, rows = paginate(qs, query)
        return page_response(count, [InstructionOut.from_orm(r).dict() for r in rows])

`page_response` writes JSON straight away (no second validation of the output): build the items
as plain dicts, ideally with `select_related`/`prefetch_related` or `.values()` so that a page of
1 and of 100 rows run the same number of queries (tests assert it for every list).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Schema
from pydantic import Field, create_model

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page")
    offset: int = Field(0, ge=0, le=10_000_000, description="rows to skip")
    sort: str | None = Field(
        None, max_length=100, description="a field to sort by; `-field` sorts descending"
    )


def paginate(qs: QuerySet, query: PageQuery) -> tuple[int, QuerySet]:
    """The total count and the requested slice."""
    return qs.count(), qs[query.offset : query.offset + query.limit]


_schemas: dict[type, type[Schema]] = {}


def page_schema(item: type[Schema]) -> type[Schema]:
    """The OpenAPI schema of a page of `item`: `{"count": int, "items": [item]}`."""
    if item not in _schemas:
        fields: dict[str, Any] = {"count": (int, ...), "items": (list[item], ...)}  # type: ignore[valid-type]
        _schemas[item] = create_model(
            f"{item.__name__.removesuffix('Out')}Page", __base__=Schema, **fields
        )
    return _schemas[item]


def json_response(
    payload: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def page_response(count: int, items: list[dict[str, Any]]) -> HttpResponse:
    return json_response({"count": count, "items": items})
