"""The hostile corpus: small files that each try one way of breaking an import.

Built in code (nothing binary is checked in); `python -m tests.imports.corpus DIR` writes them out
to look at. Each entry: file name, its bytes, and what must happen — `None` for an import that
succeeds, or a fragment of the message that refuses it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = (
    "code,title,regions,total_investment_amount,total_investment_currency,total_investment_date"
)
ROW = "H-1,Plant,KZ-19,1000.00,USD,2025-06-01"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    refused_with: str | None  # None: imports; else part of the message (case-insensitive)
    rows: int = 1  # rows created when it imports


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _xlsx(rows: list[list[object]] | None = None, title: str = "data") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows if rows is not None else [HEADER.split(","), ROW.split(",")]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_part(data: bytes, part: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, content if info.filename == part else src.read(info))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""


def _zip_bomb() -> bytes:
    base = _xlsx()
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def _many_entries() -> bytes:
    out = io.BytesIO(_xlsx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as z:
        for i in range(2100):
            z.writestr(f"xl/media/e{i}.bin", b"")
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return out.getvalue()


CASES = [
    Case("empty.csv", lambda: b"", "empty"),
    Case("blank-lines.csv", lambda: b"  \r\n\r\n", "no header"),
    Case("header-commas-only.csv", lambda: b",,,\r\n", "header row is empty"),
    Case("header-only.csv", lambda: _csv(HEADER + "\r\n"), None, rows=0),
    Case("utf8.csv", lambda: _csv(f"{HEADER}\n{ROW}\n"), None),
    Case("utf8-bom.csv", lambda: b"\xef\xbb\xbf" + _csv(f"{HEADER}\r\n{ROW}\r\n"), None),
    Case(
        "windows-1251.csv",
        lambda: _csv(
            f"{HEADER}\r\nH-1,Завод «Алматы»,Алматинская область,1,USD,2025-06-01\r\n", "cp1251"
        ),
        None,
    ),
    Case("utf16.csv", lambda: _csv(f"{HEADER}\r\n{ROW}\r\n", "utf-16"), "UTF-16"),
    Case("nul-bytes.csv", lambda: _csv(f"{HEADER}\r\n") + b"H-1,\x00\x00,KZ-19\r\n", "binary"),
    Case("semicolons.csv", lambda: _csv(f"{HEADER}\n{ROW}\n".replace(",", ";")), None),
    Case("tabs.tsv", lambda: _csv(f"{HEADER}\n{ROW}\n".replace(",", "\t")), None),
    Case("cr-only-lines.csv", lambda: _csv(f"{HEADER}\r{ROW}\r"), None),
    Case(
        "formula-cells.csv",
        lambda: _csv(f'{HEADER}\nH-1,=HYPERLINK("http://x"),KZ-19,1,USD,2025-06-01\n'),
        None,
    ),
    Case(
        "unclosed-quote.csv",
        lambda: _csv(f'{HEADER}\nH-1,"Plant,KZ-19,1,USD,2025-06-01\n'),
        "unclosed quote",
    ),
    Case("ragged-row.csv", lambda: _csv(f"{HEADER}\n{ROW},extra,cells\n"), "as many as the header"),
    Case("duplicate-header.csv", lambda: _csv("code,title,title\nH-1,a,b\n"), "appears twice"),
    Case("unknown-column.csv", lambda: _csv("code,title,colour\nH-1,a,blue\n"), "colour"),
    Case(
        "huge-cell.csv",
        lambda: _csv(f"{HEADER}\nH-1,{'x' * 40000},KZ-19,1,USD,2025-06-01\n"),
        "longer than",
    ),
    Case(
        "too-many-columns.csv",
        lambda: _csv(",".join(f"c{i}" for i in range(600)) + "\n"),
        "columns",
    ),
    Case("xlsx-named-csv.csv", _xlsx, "zip archive"),
    Case("csv-named-xlsx.xlsx", lambda: _csv(f"{HEADER}\n{ROW}\n"), "not an XLSX"),
    Case(
        "legacy.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "Unsupported file type",
    ),
    Case(
        "ole-named-xlsx.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "97-2003"
    ),
    Case("pdf-named-csv.csv", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    Case("png-named-csv.csv", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "PNG"),
    Case("no-extension", lambda: _csv(f"{HEADER}\n{ROW}\n"), "Unsupported file type"),
    Case("good.xlsx", _xlsx, None),
    Case("truncated.xlsx", lambda: _xlsx()[:1500], "damaged or truncated"),
    Case("zip-bomb.xlsx", _zip_bomb, "zip bomb"),
    Case("many-entries.xlsx", _many_entries, "entries"),
    Case("plain-zip.xlsx", _plain_zip, "not an XLSX workbook"),
    Case("xxe.xlsx", lambda: _replace_part(_xlsx(), SHEET, XXE), "DOCTYPE"),
    Case("billion-laughs.xlsx", lambda: _replace_part(_xlsx(), SHEET, LAUGHS), "DOCTYPE"),
    Case("empty-sheet.xlsx", lambda: _xlsx([]), "empty"),
    Case(
        "xlsx-typed-cells.xlsx",
        lambda: _xlsx([HEADER.split(","), ["H-1", "Plant", "KZ-19", 1000.5, "USD", "2025-06-01"]]),
        None,
    ),
]


def write_all(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (directory / case.name).write_bytes(case.build())
