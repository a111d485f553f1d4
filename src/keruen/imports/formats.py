"""The canonical cell formats, shared by imports and exports so that a round trip is exact.

- decimals: plain digits, `.` as the decimal mark, no grouping, as stored (`1234.50`);
- dates: ISO 8601 `YYYY-MM-DD` (on import also a month name and year, with or without a day:
  "August 2005", "15 Aug 2005", "август 2005", "15 августа 2005", "тамыз 2005" → the first of
  the month when no day is given);
- booleans: `true` / `false` (on import also yes/no, 1/0, да/нет, иә/жоқ);
- multi-valued cells: values joined by `; ` (a `;` inside a value is written `\\;`);
- empty cell: no value.

Exports neutralise cells that a spreadsheet would run as a formula (starting with `= + - @`, tab or
carriage return) by prefixing an apostrophe; imports take that apostrophe off again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE = {"true", "yes", "y", "1", "да", "иә", "ия", "x", "✓"}
FALSE = {"false", "no", "n", "0", "нет", "жоқ", ""}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class CellError(ValueError):
    """A cell that cannot be read; `expected` says what would have been accepted."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def format_decimal(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def format_int(value: int | None) -> str:
    return "" if value is None else str(value)


def format_date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def format_bool(value: bool) -> str:
    return "true" if value else "false"


def join_list(values: Iterable[str]) -> str:
    return "; ".join(v.replace(";", "\\;") for v in values)


def split_list(cell: str) -> list[str]:
    """Split a multi-valued cell on `;` (not `\\;`), trimming each value; empty cell → []."""
    if not cell.strip():
        return []
    if "\\" not in cell:
        return [p.strip() for p in cell.split(";")]
    parts = re.split(r"(?<!\\);", cell)
    return [p.strip().replace("\\;", ";") for p in parts]


def neutralise(text: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula (negative numbers stay numbers)."""
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def parse_decimal(cell: str) -> Decimal:
    try:
        value = Decimal(cell.strip())
    except InvalidOperation:
        raise CellError(_("a number such as 1234.50")) from None
    if not value.is_finite():
        raise CellError(_("a number such as 1234.50"))
    return value


def parse_int(cell: str) -> int:
    text = cell.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(_("a whole number such as 120")) from None
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise CellError(_("a whole number such as 120"))
    return int(value)


#: Month names (and their stems, so abbreviations and Russian genitives match) in en, ru, kk.
_MONTHS: dict[str, int] = {
    name: i
    for names in (
        "january february march april may june july august september october november december",
        "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр",
        "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    )
    for i, name in enumerate(names.split(), start=1)
}
_MONTH_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г|ж)\.?)?$")


def _month(word: str) -> int | None:
    """An abbreviation ("Aug", "мар") or a full or inflected name ("августа", "мая")."""
    word = word.casefold()
    if len(word) < 3:
        return None
    abbreviated = {n for name, n in _MONTHS.items() if name.startswith(word)}
    if abbreviated:
        return abbreviated.pop() if len(abbreviated) == 1 else None
    stems = [(len(name), n) for name, n in _MONTHS.items() if word.startswith(name)]
    return max(stems)[1] if stems else None


def _date_expected() -> CellError:
    return CellError(
        _(
            "a date as YYYY-MM-DD, e.g. 2025-06-17, or a month and year such as August 2005 or "
            "15 августа 2005"
        )
    )


def parse_date(cell: str) -> dt.date:
    text = cell.strip()
    named = _MONTH_DATE.match(text)
    if named:
        day, word, year = named.groups()
        month = _month(word)
        if month is None:
            raise _date_expected()
        try:
            return dt.date(int(year), month, int(day or 1))
        except ValueError:
            raise _date_expected() from None
    if "T" in text or " " in text:  # a spreadsheet's date-time at midnight
        text = re.split(r"[T ]", text, maxsplit=1)[0]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _date_expected() from None


def parse_bool(cell: str) -> bool:
    text = cell.strip().casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(_("true or false"))
