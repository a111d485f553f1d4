"""A list page's selection as a table a person can sum: typed cells with number formats,
labels in the reader's language beside the codes, a frozen header, an autofilter, column widths
and a totals row (XLSX); the same columns and totals row as plain CSV.

Each list describes its columns once (`Column`, in `reports.exports.lists`), and the totals row
is given by the caller — for projects, `keruen.projects.figures.totals` of the same selection, so
the row equals the dashboard's and the list's figures.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from keruen.imports.formats import neutralise

#: Excel number formats by the kind of a column.
FORMATS = {
    "int": "#,##0",
    "usd": "#,##0",
    "amount": "#,##0.00",
    "rate": "#,##0.0000",
    "date": "yyyy-mm-dd",
    "percent": "0%",
}


@dataclass(frozen=True)
class Column:
    header: str  # in the reader's language
    value: Callable[[Any], Any]  # object → cell value (str, int, Decimal, date or None)
    kind: str = "text"  # text, int, usd, amount, rate, date, percent
    width: int = 14  # in characters
    key: str = ""  # names the column in a totals row


def _totals_row(columns: list[Column], totals: dict[str, Any]) -> list[tuple[Any, Column]]:
    """`totals` (column key → value, "label" → the first cell) laid out under `columns`."""
    return [
        (totals["label"] if i == 0 else totals.get(col.key) if col.key else None, col)
        for i, col in enumerate(columns)
    ]


def _cell(ws: Any, value: Any, kind: str, *, bold: bool = False) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=neutralise(value))
        cell.data_type = "s"  # text, never a formula
    else:
        if isinstance(value, Decimal):
            value = float(value) if kind in ("usd", "percent") else value
        cell = WriteOnlyCell(ws, value=value)
        if kind in FORMATS and value is not None:
            cell.number_format = FORMATS[kind]
        elif isinstance(value, dt.date):
            cell.number_format = FORMATS["date"]
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_sheet(
    objects: Iterable[Any],
    columns: list[Column],
    out: IO[bytes],
    *,
    title: str,
    totals: dict[str, Any] | None = None,
    notes: Iterable[str] = (),
    notes_title: str = "",
) -> int:
    """Write `objects` as the first sheet; `totals` (column key → value, "label" → the first
    cell) makes the row after the data; `notes` (what the figures leave out) go to a second
    sheet, one a row, so that the data sheet holds nothing but the table. Returns the number of
    rows.

    Streamed (openpyxl's write-only mode), so a selection of 100,000 rows is never all held.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    header = []
    for col in columns:
        cell = _cell(ws, col.header, "text")
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for obj in objects:
        ws.append([_cell(ws, col.value(obj), col.kind) for col in columns])
        n += 1
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{n + 1}"
    if totals is not None:
        ws.append(
            [
                None if value is None else _cell(ws, value, col.kind, bold=True)
                for value, col in _totals_row(columns, totals)
            ]
        )
    notes = list(notes)
    if notes:
        about = wb.create_sheet(notes_title[:31] or "notes")
        about.column_dimensions["A"].width = 100
        for note in notes:
            about.append([_cell(about, note, "text")])
    wb.save(out)
    return n


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv_sheet(
    objects: Iterable[Any],
    columns: list[Column],
    out: IO[str],
    *,
    totals: dict[str, Any] | None = None,
) -> int:
    """The same table as `write_sheet` as CSV: the header, one row per object, then the totals
    row (its first cell the label). Numbers are plain (a point for decimals), dates ISO 8601."""
    writer = csv.writer(out)
    writer.writerow([col.header for col in columns])
    n = 0
    for obj in objects:
        writer.writerow([_text(col.value(obj)) for col in columns])
        n += 1
    if totals is not None:
        writer.writerow([_text(value) for value, _col in _totals_row(columns, totals)])
    return n
