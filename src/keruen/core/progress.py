"""Progress bars of long runs (imports, exports) on stderr. A bar appears only once a run has
taken a couple of seconds (a few thousand rows), so short runs and tests print nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from tqdm import tqdm

PROGRESS_DELAY = 2.0


def progress_bar(desc: str, *, enabled: bool, rows: Iterable[Any] | None = None) -> tqdm:
    """A bar counting rows: iterate it over `rows`, or call `update(1)` per row without them."""
    return tqdm(
        rows,
        desc=desc,
        unit=" rows",
        file=sys.stderr,
        delay=PROGRESS_DELAY,
        disable=not enabled,
        mininterval=1.0,
    )
