"""The kinds of record Keruen imports and exports, each with one canonical column set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from keruen.imports.base import Outcome, RowReader
from keruen.imports.kinds import agreements, events, fx_rates, organizations, projects
from keruen.imports.kinds.common import ImportContext


@dataclass(frozen=True)
class Kind:
    name: str
    columns: list[str]
    key: str
    parse: Callable[[RowReader, ImportContext, dict[str, Decimal]], Any | None]
    apply: Callable[[Any, ImportContext], tuple[Outcome, str]]
    #: Rows that must wait for a later row (a parent further down the file).
    pending: Callable[[Any, ImportContext], bool] | None = None
    #: Creating many new rows at once: split a batch into (one by one, new), then create the new.
    split_new: Callable[[list[Any], ImportContext], tuple[list[Any], list[Any]]] | None = None
    bulk_apply: (
        Callable[[list[Any], ImportContext], tuple[list[tuple[Outcome, str]], dict[int, Any]]]
        | None
    ) = None
    required_columns: tuple[str, ...] = ()
    #: Columns only those who may see confidential fields get.
    confidential_columns: frozenset[str] = frozenset()
    #: Service field name → column name, where they differ (for naming a problem's column).
    field_columns: dict[str, str] = field(default_factory=dict)


KINDS: dict[str, Kind] = {
    "projects": Kind(
        name="projects",
        columns=projects.COLUMNS,
        key=projects.KEY,
        parse=projects.parse,
        apply=projects.apply,
        pending=projects.parent_pending,
        split_new=projects.split_new,
        bulk_apply=projects.bulk_apply,
        confidential_columns=frozenset(projects.CONFIDENTIAL_COLUMNS),
    ),
    "agreements": Kind(
        name="agreements",
        columns=agreements.COLUMNS,
        key=agreements.KEY,
        parse=agreements.parse,
        apply=agreements.apply,
    ),
    "events": Kind(
        name="events",
        columns=events.COLUMNS,
        key=events.KEY,
        parse=events.parse,
        apply=events.apply,
        required_columns=("slug",),
    ),
    "organizations": Kind(
        name="organizations",
        columns=organizations.COLUMNS,
        key=organizations.KEY,
        parse=organizations.parse,
        apply=organizations.apply,
        pending=organizations.parent_pending,
        confidential_columns=frozenset(organizations.CONFIDENTIAL_COLUMNS),
    ),
    "fx-rates": Kind(
        name="fx-rates",
        columns=fx_rates.COLUMNS,
        key=fx_rates.KEY,
        parse=fx_rates.parse,
        apply=fx_rates.apply,
        required_columns=("currency", "date", "units_per_usd", "source"),
    ),
}
