"""One declaration of an entity's list filters and sort keys, for its pages, API and exports.

The selector's frozen dataclass of filters (`ProjectFilters`, ...) is the vocabulary: each field
is one filter, named as it is in the query string of the page and of the API. Its metadata
(`filter_field`) says how the API documents and validates it; `keruen.api.filters.query_schema`
builds the API's query schema from it, and the page's form hands its cleaned data to
`from_values`. Sort keys are declared once as `Sorts`: the page's `?sort=` keys (with labels)
and the API's whitelist (`apply_sort`) are both read from it.

Why not django-filter: its FilterSet would be a second place where rows are read (the selectors
apply each reader's access and are what exports call, without any form), its errors are form
errors where the API answers pydantic's 422 naming the parameter, and the OpenAPI parameters
come from a pydantic schema either way.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar

from django.db.models import F, Q, QuerySet
from django.utils.functional import Promise

QS = TypeVar("QS", bound=QuerySet)


def contains_any(text: str, *fields: str) -> Q:
    """The rows where any of `fields` (lookups such as "aliases__alias") contains `text`, case
    aside: a list's search words."""
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": text})
    return found


def filter_field(
    lookup: str | None = None,
    *,
    upper: bool = False,
    many: bool = False,
    api: Any = None,
    description: str = "",
    max_length: int | None = None,
) -> Any:
    """A filter: `lookup` the queryset lookup it applies (`Filters.apply`; none when the selector
    applies it itself), `upper` to upper-case the value first, `many` when the lookup crosses a
    many-valued relation (rows may repeat); `api` the type the API validates it as (default: the
    field's own), `description` and `max_length` for the API's documentation and validation."""
    return dataclasses.field(
        default=None,
        metadata={
            "lookup": lookup,
            "upper": upper,
            "many": many,
            "api": api,
            "description": description,
            "max_length": max_length,
        },
    )


class Filters:
    """Base of the selectors' filter dataclasses."""

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Self:
        """The filters among `values` (a form's cleaned data, an API query): blank text is no
        filter, text is stripped, choices become their value."""
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            value = values.get(f.name)
            if isinstance(value, enum.Enum):
                value = value.value
            if isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                kwargs[f.name] = value
        return cls(**kwargs)

    def _given(self) -> list[tuple[dataclasses.Field[Any], Any]]:
        return [
            (f, getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if getattr(self, f.name) not in (None, "")
        ]

    def apply(self, qs: QS) -> QS:
        """`qs` narrowed by each filter given that declares its lookup."""
        for f, value in self._given():
            lookup = f.metadata.get("lookup")
            if lookup:
                qs = qs.filter(**{lookup: value.upper() if f.metadata["upper"] else value})
        return qs

    def joins_many(self) -> bool:
        """Whether a filter given crosses a many-valued relation (so a row may come twice)."""
        return any(f.metadata.get("many") for f, _value in self._given())


@dataclasses.dataclass(frozen=True)
class Sort:
    """One sort key: the model `field`, its name on the page (`page`) and in the API (`api`).

    On the page, `nulls` places empty values when sorting ascending ("first"/"last"; descending
    always puts them last) and `then` breaks ties; the API sorts empty values last both ways.
    """

    field: str
    page: str | None = None
    api: str | None = None
    label: str | Promise = ""  # the page's label ascending
    label_desc: str | Promise = ""  # and descending
    nulls: Literal["first", "last"] | None = None
    then: tuple[str, ...] | None = None
    desc_first: bool = False  # the page offers descending first (largest, newest)


@dataclasses.dataclass(frozen=True)
class Sorts:
    """An entity's sort keys; `then` breaks ties on the page (the API adds the primary key)."""

    keys: tuple[Sort, ...]
    then: tuple[str, ...] = ("code",)

    def page(self) -> dict[str, tuple[Any, ...]]:
        """`?sort=` value on the page (`key` and `-key`) → its ordering."""
        out: dict[str, tuple[Any, ...]] = {}
        for s in self.keys:
            if s.page is None:
                continue
            then = s.then if s.then is not None else self.then
            then = tuple(t for t in then if t.lstrip("-") != s.field)
            if s.nulls is None:
                asc: Any = s.field
                desc: Any = f"-{s.field}"
            else:
                asc = F(s.field).asc(**{f"nulls_{s.nulls}": True})
                desc = F(s.field).desc(nulls_last=True)
            out[s.page] = (asc, *then)
            out[f"-{s.page}"] = (desc, *then)
        return out

    def labels(self) -> dict[str, str | Promise]:
        """`?sort=` value on the page → its label, for the keys that have one."""
        out: dict[str, str | Promise] = {}
        for s in self.keys:
            if s.page is not None and s.label:
                pairs = [(s.page, s.label), (f"-{s.page}", s.label_desc)]
                out.update(reversed(pairs) if s.desc_first else pairs)
        return out

    def api(self) -> dict[str, str]:
        """The API's `sort` names → fields, for `keruen.api.ordering.apply_sort`."""
        return {s.api: s.field for s in self.keys if s.api is not None}
