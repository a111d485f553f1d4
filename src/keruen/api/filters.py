"""An entity's API query schema, built from its selector's filters (see `keruen.core.filters`).

    ProjectQuery = query_schema(ProjectFilters)  # the schema "ProjectQuery"
    ...
    filters = ProjectFilters.from_values(query.dict())

`keruen.api.crud.Resource.listing` builds its list's query this way.

Each filter becomes an optional query parameter of the same name, typed as the filter's `api`
type (an enum of choices, say) or its own, so a bad value answers 422 naming the parameter.
"""

from __future__ import annotations

import dataclasses
from typing import Any, get_type_hints

from ninja import Schema
from pydantic import Field, create_model

from keruen.api.pagination import PageQuery


def query_schema(filters: type, base: type[Schema] = PageQuery) -> type[Schema]:
    """A query schema: `base` (limit, offset, sort) and one parameter per filter of `filters`,
    named for the entity (`ProjectFilters` → "ProjectQuery")."""
    hints = get_type_hints(filters)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(filters):
        meta = f.metadata
        annotation = meta["api"] | None if meta.get("api") is not None else hints[f.name]
        options = {"max_length": meta.get("max_length"), "description": meta.get("description")}
        fields[f.name] = (
            annotation,
            Field(f.default, **{k: v for k, v in options.items() if v}),
        )
    return create_model(f"{filters.__name__.removesuffix('Filters')}Query", __base__=base, **fields)
