"""Reading CSV and XLSX files row by row, defensively.

Files come from people and other systems, so each is checked before it is read:

- the content must match the extension (magic bytes): `.csv` is text, `.xlsx` is a zip archive;
  legacy `.xls`, PDFs and other binaries are refused;
- CSV text is UTF-8 (with or without BOM) or Windows-1251; the delimiter is `,`, `;` or tab;
- an XLSX archive is inspected before anything is unpacked: entry count, total uncompressed size
  and compression ratio are bounded (zip bombs), and no XML part may declare a DOCTYPE or
  entities (XXE, billion laughs); openpyxl then parses with defusedxml as well;
- rows are streamed, never loaded whole, so a file of a million rows reads in bounded memory.

Every refusal is a `FileRejected` with a message that says what was wrong and what was expected.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from keruen.imports.formats import unneutralise

MAX_XLSX_ENTRIES = 2_000
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_CELL = 32_767  # what Excel itself allows in a cell
MAX_COLUMNS = 500
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_MAGICS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7-zip archive",
    b"MZ": "Windows program",
    b"\x7fELF": "program",
}


class FileRejected(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Table:
    """A header and a stream of rows: (row number as a spreadsheet shows it, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    format: str
    encoding: str | None = None


def _kind_from_name(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise FileRejected(
        _("Unsupported file type %(suffix)r: expected a .csv or .xlsx file.")
        % {"suffix": suffix or name}
    )


def _sniff_binary(head: bytes) -> str | None:
    if head.startswith(OLE_MAGIC):
        return _("a legacy Excel 97-2003 (.xls) or other OLE file")
    for magic, what in BINARY_MAGICS.items():
        if head.startswith(magic):
            return what
    return None


def open_table(
    source: str | Path | IO[bytes], *, name: str | None = None, sheet: str | None = None
) -> Table:
    """Open a CSV or XLSX file for reading; `name` gives the file name when `source` is a stream."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise FileRejected(_("No such file: %(path)s") % {"path": path})
        name = name or path.name
        stream: IO[bytes] = path.open("rb")
    else:
        stream = source
        name = name or getattr(source, "name", "") or "upload"
    kind = _kind_from_name(name)
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise FileRejected(_("The file is empty: expected a header row and data rows."))
    binary = _sniff_binary(head)
    if binary:
        raise FileRejected(
            _("The file is %(what)s, not a CSV or XLSX spreadsheet.") % {"what": binary}
        )
    is_zip = head.startswith(ZIP_MAGIC)
    if kind == "csv" and is_zip:
        raise FileRejected(
            _(
                "The file is named .csv but holds a zip archive (an XLSX workbook?): rename it "
                ".xlsx or save it as CSV."
            )
        )
    if kind == "xlsx" and not is_zip:
        raise FileRejected(
            _("The file is named .xlsx but is not an XLSX workbook (it is not a zip archive).")
        )
    if kind == "xlsx":
        return _open_xlsx(stream, sheet)
    if sheet:
        raise FileRejected(_("--sheet applies to XLSX workbooks only; this is a CSV file."))
    return _open_csv(stream)


# CSV -------------------------------------------------------------------------------------------


def _detect_encoding(stream: IO[bytes]) -> str:
    sample = stream.read(1 << 20)
    stream.seek(0)
    if b"\x00" in sample:
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FileRejected(
                _("The file is UTF-16 text: save it as UTF-8 (or Windows-1251) CSV.")
            )
        raise FileRejected(_("The file holds binary data, not CSV text."))
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 3 and len(sample) == 1 << 20:
            return "utf-8"  # a character cut by the sample's end
    try:
        sample.decode("cp1251")
    except UnicodeDecodeError:
        raise FileRejected(
            _("The file's text is neither UTF-8 nor Windows-1251: save it as UTF-8 CSV.")
        ) from None
    return "cp1251"


def _open_csv(stream: IO[bytes]) -> Table:
    encoding = _detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    first = text.readline()
    if not first.strip():
        raise FileRejected(_("The file has no header row: expected the column names first."))
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(MAX_CELL * 4)
    reader = csv.reader(_chain_line(first, text), delimiter=delimiter, quotechar='"', strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (csv.Error, UnicodeDecodeError) as e:
        raise FileRejected(_("The header row cannot be read: %(error)s") % {"error": e}) from None
    _check_header(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = 1
        try:
            for n, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                yield n, [_cell_text(c) for c in row]
        except UnicodeDecodeError:
            raise FileRejected(
                _("Row %(row)d is not %(encoding)s text: the file mixes encodings.")
                % {"row": n + 1, "encoding": encoding}
            ) from None
        except csv.Error as e:
            raise FileRejected(
                _("Row %(row)d cannot be read: %(error)s (an unclosed quote?)")
                % {"row": n + 1, "error": e}
            ) from None

    return Table(header=header, rows=rows(), format="csv", encoding=encoding)


def _chain_line(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _cell_text(value: str) -> str:
    if len(value) > MAX_CELL:
        raise FileRejected(
            _("A cell is longer than %(max)d characters: not a spreadsheet of records.")
            % {"max": MAX_CELL}
        )
    return unneutralise(value)


def _check_header(header: list[str]) -> None:
    if not any(header):
        raise FileRejected(_("The header row is empty: expected the column names first."))
    if len(header) > MAX_COLUMNS:
        raise FileRejected(
            _("The header has %(n)d columns; at most %(max)d are read.")
            % {"n": len(header), "max": MAX_COLUMNS}
        )
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            raise FileRejected(_("Column %(name)r appears twice in the header.") % {"name": h})
        seen.add(h)


# XLSX ------------------------------------------------------------------------------------------


def inspect_xlsx(stream: IO[bytes]) -> None:
    """Refuse archives that would unpack to too much, or XML that declares entities."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise FileRejected(
            _("The XLSX workbook is damaged or truncated (its zip directory cannot be read).")
        ) from None
    infos = archive.infolist()
    if len(infos) > MAX_XLSX_ENTRIES:
        raise FileRejected(
            _("The XLSX archive has %(n)d entries; a workbook has far fewer (at most %(max)d).")
            % {"n": len(infos), "max": MAX_XLSX_ENTRIES}
        )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_XLSX_UNCOMPRESSED or (
        total > 10 * 1024 * 1024 and total / packed > MAX_XLSX_RATIO
    ):
        raise FileRejected(
            _(
                "The XLSX archive would unpack to %(mb)d MB (compressed %(ratio)d times): "
                "refused as a possible zip bomb."
            )
            % {"mb": total // (1024 * 1024), "ratio": total // packed}
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRejected(_("The zip archive is not an XLSX workbook (no xl/ part)."))
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(4096)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise FileRejected(
                _("The XLSX workbook is damaged: part %(part)s cannot be read.")
                % {"part": info.filename}
            ) from None
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise FileRejected(
                _(
                    "The XLSX part %(part)s declares a DOCTYPE or entities, which a workbook "
                    "never needs: refused (XML entity attack)."
                )
                % {"part": info.filename}
            )
    stream.seek(0)


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{Decimal(repr(value)):f}"
    if isinstance(value, int):
        return str(value)
    return _cell_text(str(value))


def _open_xlsx(stream: IO[bytes], sheet: str | None) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    inspect_xlsx(stream)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileRejected(
            _("The XLSX workbook cannot be read: %(error)s") % {"error": e}
        ) from None
    except Exception as e:  # defusedxml raises its own errors for entity tricks
        raise FileRejected(
            _("The XLSX workbook was refused while parsing: %(error)s")
            % {"error": type(e).__name__}
        ) from None
    if sheet:
        if sheet not in workbook.sheetnames:
            raise FileRejected(
                _("No sheet %(sheet)r in the workbook; it has %(sheets)s.")
                % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
            )
        ws = workbook[sheet]
    else:
        ws = workbook.worksheets[0] if workbook.worksheets else None
    if ws is None:
        raise FileRejected(_("The workbook has no sheet."))
    try:
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
    except Exception as e:
        raise FileRejected(_("The XLSX sheet cannot be read: %(error)s") % {"error": e}) from None
    if first is None:
        raise FileRejected(_("The sheet is empty: expected a header row and data rows."))
    header = [_xlsx_cell(c).strip() for c in first]
    while header and not header[-1]:
        header.pop()
    _check_header(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = 1
        try:
            for n, row in enumerate(it, start=2):
                cells = [_xlsx_cell(c) for c in row[: len(header)]]
                if any(c.strip() for c in cells):
                    yield n, cells
        except FileRejected:
            raise
        except Exception as e:
            raise FileRejected(
                _("Row %(row)d of the workbook cannot be read: %(error)s")
                % {"row": n + 1, "error": e}
            ) from None
        finally:
            workbook.close()

    return Table(header=header, rows=rows(), format="xlsx")
