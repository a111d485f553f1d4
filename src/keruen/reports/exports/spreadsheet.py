"""A list page's selection as a spreadsheet a person can sum: typed cells with number formats,
labels in the reader's language beside the codes, a frozen header, an autofilter, column widths
and a totals row.

The CSV exports stay machine-friendly (the canonical import columns, `writers.write_csv`); this
is the XLSX of the list pages. Each list describes its columns once (`Column`), and the totals
row is given by the caller — for projects, `keruen.projects.figures.totals` of the same
selection, so the row equals the dashboard's and the list's figures.
"""

from __future__ import annotations

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
    totals: dict[int, Any] | None = None,
    notes: Iterable[str] = (),
    notes_title: str = "",
) -> int:
    """Write `objects` as the first sheet; `totals` (column index → value, a label in column 0)
    makes the row after the data; `notes` (what the figures leave out) go to a second sheet, one
    a row, so that the data sheet holds nothing but the table. Returns the number of rows.

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
                _cell(ws, totals.get(i), col.kind, bold=True) if i in totals else None
                for i, col in enumerate(columns)
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
