"""Grouping rows of `(key, value)` pairs, as payloads do to attach related rows in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def grouped(rows: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    """`{key: [value, ...]}` from `(key, value)` rows, values in the rows' order."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for key, value in rows:
        out[key].append(value)
    return out
