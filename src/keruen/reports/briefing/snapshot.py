"""A `Briefing` as JSON and back, exactly: what a meeting's data freeze stores.

Decimals travel as strings, dates and datetimes as ISO strings, dataclasses as objects of their
fields; reading walks the dataclasses' type hints back. A brief rebuilt from its snapshot renders
the same figures, however the data changed since.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from keruen.reports.briefing import data

#: Bumped when `Briefing` changes shape in a way old snapshots cannot be read as.
FORMAT = 1


def dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(data))


def load(kind: Any, value: Any) -> Any:
    """`value` (from `dump`) read back as `kind` (a type hint)."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return load(options[0], value)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [load(item, v) for v in value]
    if origin is dict:
        return value
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)  # type: ignore[arg-type]
        # A field added after the snapshot was taken keeps its default.
        return kind(  # type: ignore[operator]
            **{
                f.name: load(hints[f.name], value[f.name])
                for f in dataclasses.fields(kind)
                if f.name in value
            }
        )
    if kind is Decimal:
        return Decimal(value)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value


def briefing_dump(b: data.Briefing) -> dict[str, Any]:
    return {"format": FORMAT, "briefing": dump(b)}


def briefing_load(stored: dict[str, Any]) -> data.Briefing:
    brief: data.Briefing = load(data.Briefing, stored["briefing"])
    return brief
