"""The kinds of record Keruen imports and exports, each with one canonical column set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import ModuleType
from typing import Any

from keruen.imports.base import Batch, Outcome, RowReader
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
    #: Writing many rows at once: sort a batch into one by one, new and unchanged rows, then
    #: create the new ones together.
    split_batch: Callable[[list[Any], ImportContext], Batch] | None = None
    bulk_apply: (
        Callable[[list[Any], ImportContext], tuple[list[tuple[Outcome, str]], dict[int, Any]]]
        | None
    ) = None
    #: Changing many stored rows at once (the batch's `changed`), as `bulk_apply` creates.
    bulk_change: (
        Callable[[list[Any], ImportContext], tuple[list[tuple[Outcome, str]], dict[int, Any]]]
        | None
    ) = None
    required_columns: tuple[str, ...] = ()
    #: Columns only those who may see confidential fields get.
    confidential_columns: frozenset[str] = frozenset()
    #: Service field name → column name, where they differ (for naming a problem's column).
    field_columns: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, module: ModuleType, **options: Any) -> Kind:
        """The kind a module reads and writes: its COLUMNS, KEY, `parse` and `apply`, and where
        it has them `parent_pending`, `split_batch`, `bulk_apply`, `bulk_change` and
        CONFIDENTIAL_COLUMNS."""
        return cls(
            name=name,
            columns=module.COLUMNS,
            key=module.KEY,
            parse=module.parse,
            apply=module.apply,
            pending=getattr(module, "parent_pending", None),
            split_batch=getattr(module, "split_batch", None),
            bulk_apply=getattr(module, "bulk_apply", None),
            bulk_change=getattr(module, "bulk_change", None),
            confidential_columns=frozenset(getattr(module, "CONFIDENTIAL_COLUMNS", ())),
            **options,
        )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind.of("projects", projects),
        Kind.of("agreements", agreements),
        Kind.of("events", events, required_columns=("slug",)),
        Kind.of("organizations", organizations),
        Kind.of(
            "fx-rates", fx_rates, required_columns=("currency", "date", "units_per_usd", "source")
        ),
    )
}
