"""Reads of import bookkeeping."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Sum

from keruen.imports.models import ImportRun

#: The outcomes of an imported row, as the `import rows` metric labels them.
OUTCOMES = ("created", "updated", "unchanged", "rejected")


def import_row_totals() -> dict[tuple[str, str], int]:
    """Rows imported since the database was made, by (kind, outcome); read from the primary, so
    that every process answers the same."""
    totals = (
        ImportRun.objects.using(DEFAULT_DB_ALIAS)
        .values_list("kind")
        .annotate(*(Sum(o) for o in OUTCOMES))
        .order_by("kind")
    )
    return {(kind, o): n for kind, *sums in totals for o, n in zip(OUTCOMES, sums, strict=True)}
