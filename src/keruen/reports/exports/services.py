"""The one export: a kind, a format and an audience in; a file out, rows ordered by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from keruen.reports.exports import writers
from keruen.reports.exports.iati import write_iati
from keruen.reports.exports.oc4ids import write_oc4ids
from keruen.reports.exports.progress import progress_bar
from keruen.reports.exports.rows import Audience, columns_for, kind_rows, publication

FORMATS = ("csv", "xlsx", "json", "oc4ids", "iati")
BINARY_FORMATS = {"xlsx"}
#: The standards' formats, of projects only.
STANDARDS = {"oc4ids": write_oc4ids, "iati": write_iati}
PROJECT_ONLY = set(STANDARDS)


@dataclass(frozen=True)
class ExportResult:
    kind: str
    format: str
    rows: int
    audience: str


def export_run(
    *,
    kind: str,
    format: str,
    out: IO[Any],
    audience: Audience | None = None,
    portfolio: str | None = None,
    region: str | None = None,
    progress: bool = False,
) -> ExportResult:
    """Write `kind` as `format` to `out` (binary for xlsx, text otherwise)."""
    audience = audience or Audience()
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if format in PROJECT_ONLY and kind != "projects":
        raise ValueError(
            _("%(format)s exports projects only, not %(kind)s") % {"format": format, "kind": kind}
        )
    if format in STANDARDS:
        published = publication(audience, portfolio=portfolio, region=region, progress=progress)
        n = STANDARDS[format](published, out)
        return ExportResult(kind, format, n, audience.label)
    columns = columns_for(kind, audience)
    rows = progress_bar(
        kind_rows(kind, audience, portfolio=portfolio, region=region), kind, progress
    )
    if format == "csv":
        n = writers.write_csv(rows, columns, out)
    elif format == "xlsx":
        n = writers.write_xlsx(rows, columns, out)
    else:
        n = writers.write_json(rows, kind, out)
    return ExportResult(kind, format, n, audience.label)
