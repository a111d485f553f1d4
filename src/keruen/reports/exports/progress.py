"""The progress bar of a long export (`keruen export ... --progress`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from keruen.core import progress


def progress_bar(rows: Iterable[Any], kind: str, enabled: bool) -> Iterator[Any]:
    bar = progress.progress_bar(_("export %(kind)s") % {"kind": kind}, enabled=enabled, rows=rows)
    try:
        yield from bar
    finally:
        bar.close()
