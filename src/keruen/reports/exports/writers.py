"""Writing canonical rows as CSV, XLSX or JSON, streamed (rows are never all held at once)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from keruen.imports.formats import neutralise, split_list

#: Columns holding numbers and dates: typed cells in XLSX, typed values in JSON.
DECIMAL_COLUMNS = {
    "total_investment_amount",
    "foreign_investment_amount",
    "value_amount",
    "units_per_usd",
}
INT_COLUMNS = {
    "jobs_planned",
    "jobs_created",
    "construction_jobs_planned",
    "construction_jobs_created",
}
DATE_COLUMNS = {
    "stage_since",
    "total_investment_date",
    "foreign_investment_date",
    "start_on",
    "end_on",
    "signed_on",
    "value_date",
    "starts_on",
    "ends_on",
    "date",
}
BOOL_COLUMNS = {"counts_in_totals", "is_illustrative"}
LIST_COLUMNS = {
    "regions",
    "sectors",
    "investors",
    "investor_roles",
    "investor_shares",
    "investor_countries",
    "portfolios",
    "participants",
    "parties",
    "party_roles",
    "projects",
    "aliases",
    "identifiers",
}


def write_csv(rows: Iterable[dict[str, str]], columns: list[str], out: IO[str]) -> int:
    """UTF-8 CSV, comma-separated, CRLF line ends (RFC 4180), a header; returns the count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([neutralise(row[c]) for c in columns])
        n += 1
    return n


def _typed(column: str, text: str) -> Any:
    if text == "":
        return None
    if column in DECIMAL_COLUMNS:
        return Decimal(text)
    if column in INT_COLUMNS:
        return int(text)
    if column in DATE_COLUMNS:
        return dt.date.fromisoformat(text)
    return text


def write_xlsx(rows: Iterable[dict[str, str]], columns: list[str], out: IO[bytes]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(columns)
    n = 0
    for row in rows:
        cells = []
        for c in columns:
            value = _typed(c, row[c])
            if isinstance(value, str):
                cell = WriteOnlyCell(ws, value=neutralise(value))
                cell.data_type = "s"  # text, never a formula
            else:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        ws.append(cells)
        n += 1
    wb.save(out)
    return n


def json_item(row: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for c, text in row.items():
        if c in LIST_COLUMNS:
            item[c] = split_list(text)
        elif c in BOOL_COLUMNS:
            item[c] = text == "true"
        elif c in INT_COLUMNS:
            item[c] = int(text) if text else None
        elif c in DECIMAL_COLUMNS or c in DATE_COLUMNS:
            item[c] = text or None  # decimals stay exact as strings
        else:
            item[c] = text
    return item


def write_json(rows: Iterable[dict[str, str]], kind: str, out: IO[str]) -> int:
    """`{"kind": ..., "items": [...], "count": N}`, written item by item."""
    out.write('{"kind": ' + json.dumps(kind) + ', "items": [')
    n = 0
    for row in rows:
        out.write(("," if n else "") + "\n  " + json.dumps(json_item(row), ensure_ascii=False))
        n += 1
    out.write(("\n" if n else "") + '], "count": ' + str(n) + "}\n")
    return n
