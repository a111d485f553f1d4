"""What every import kind shares: problems by row and column, the report, reading a row."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keruen.api.payloads import attributes
from keruen.imports.formats import CellError

T = TypeVar("T")
Outcome = Literal["created", "updated", "unchanged"]
#: How many codes of each outcome the report keeps (counts are always complete).
KEEP_CODES = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (row as a spreadsheet shows it, column) and why."""

    row: int | None
    column: str | None
    value: str
    expected: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        place = ", ".join(where) or _("file")
        # Parsers say what they expected ("a date as YYYY-MM-DD"); services say a sentence.
        said = (
            _("expected %(what)s") % {"what": self.expected}
            if self.expected[:1].islower()
            else self.expected
        )
        if self.value:
            return f"{place}: {self.value[:200]!r} — {said}"
        return f"{place}: {said}"

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Batch:
    """A batch of parsed rows sorted by how they are written."""

    #: Written one by one through the services.
    singles: list[Any] = field(default_factory=list)
    #: New records created together.
    news: list[Any] = field(default_factory=list)
    #: Stored records changed together.
    changed: list[Any] = field(default_factory=list)
    #: Keys of rows that change nothing (nothing to write).
    unchanged: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    codes: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "unchanged": []}
    )
    problems: list[Problem] = field(default_factory=list)
    new_organizations: list[str] = field(default_factory=list)
    new_portfolios: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, outcome: Outcome, code: str) -> None:
        self.counts[outcome] += 1
        if len(self.codes[outcome]) < KEEP_CODES:
            self.codes[outcome].append(code)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            **attributes(self, "kind", "dry_run", "ok", "written", "rows"),
            **self.counts,
            **attributes(self, "codes", "new_organizations", "new_portfolios", "ignored_columns"),
            "problems": [p.to_json_dict() for p in self.problems],
        }

    def summary_lines(self) -> list[str]:
        verb = _("would be") if self.dry_run or not self.ok else _("were")
        lines = [
            _(
                "%(rows)d rows: %(created)d %(verb)s created, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % {"rows": self.rows, "verb": verb, **self.counts}
        ]
        if self.new_organizations:
            lines.append(
                _("New organizations (%(n)d): %(names)s")
                % {"n": len(self.new_organizations), "names": "; ".join(self.new_organizations)}
            )
        if self.new_portfolios:
            lines.append(_("New portfolios: %(slugs)s") % {"slugs": ", ".join(self.new_portfolios)})
        if self.ignored_columns:
            lines.append(
                _("Columns not imported: %(cols)s") % {"cols": ", ".join(self.ignored_columns)}
            )
        return lines


class SkipRow(Exception):
    """The row's problem is recorded; nothing of it is written."""


class Missing:
    """A cell that failed to parse (its problem is already recorded)."""


MISSING = Missing()


class RowReader:
    """The cells of one row by canonical column, parsing each and recording problems."""

    def __init__(self, row: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.row = row
        self.cells = cells
        self.problems = problems
        self.failed = False

    def has(self, column: str) -> bool:
        return column in self.cells

    def text(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def problem(self, column: str | None, value: str, expected: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.row, column, value, expected))

    def parse(self, column: str, parser: Callable[[str], T], *, empty: Any = None) -> Any:
        """The parsed cell; `empty` for an empty cell; MISSING when it fails (problem recorded)."""
        raw = self.text(column)
        if not raw:
            return empty
        try:
            return parser(raw)
        except CellError as e:
            self.problem(column, raw, e.expected)
        except ValidationError as e:
            self.problem(column, raw, _join_messages(e))
        return MISSING

    def required(self, column: str) -> str:
        raw = self.text(column)
        if not raw:
            self.problem(column, "", _("a value (this column cannot be empty)"))
        return raw

    def choice(
        self, column: str, choices: Any, *, empty: Any = None, language: str | None = None
    ) -> Any:
        """A value of a TextChoices by its code or its (English or translated) label: the first
        choice whose code or label the cell gives. Labels are read in `language` (by default
        the active one; an import passes the one it runs in, asked once)."""
        raw = self.text(column)
        if not raw:
            return empty
        by_value, by_label = _choice_index(choices, language or get_language())
        key = raw.casefold().replace(" ", "_").replace("-", "_")
        found = min(by_value.get(key, NOT_FOUND), by_label.get(raw.casefold(), NOT_FOUND))
        if found is not NOT_FOUND:
            return found[1]
        self.problem(column, raw, _("one of %(values)s") % {"values": ", ".join(choices.values)})
        return MISSING

    def add_validation_error(self, error: ValidationError, columns: dict[str, str]) -> None:
        """Record a service's ValidationError, naming the column of each field."""
        if hasattr(error, "error_dict"):
            for fieldname, errors in error.message_dict.items():
                column = columns.get(fieldname, fieldname)
                for message in errors:
                    self.problem(
                        None if column == "__all__" else column,
                        self.text(column) if column in self.cells else "",
                        message,
                    )
        else:
            for message in error.messages:
                self.problem(None, "", message)


#: Past every choice's position (`RowReader.choice`).
NOT_FOUND = (float("inf"), None)


@functools.cache
def _choice_index(
    choices: Any, language: str | None
) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    """A TextChoices' (position, value) by value and by casefolded label in `language` (the
    first of each), read once instead of for every cell."""
    by_value: dict[str, tuple[int, str]] = {}
    by_label: dict[str, tuple[int, str]] = {}
    for i, (value, label) in enumerate(choices.choices):
        by_value.setdefault(value, (i, value))
        by_label.setdefault(str(label).casefold(), (i, value))
    return by_value, by_label


def _join_messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(error.messages)
