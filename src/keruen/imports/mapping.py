"""Mapping files (TOML) for other people's spreadsheets.

```toml
[columns]            # source column → canonical column
"Project name" = "title"
"Investment, USD mln" = "total_investment_amount"

[constants]          # a canonical column set on every row
total_investment_currency = "USD"
portfolios = "almaty-2025"

[multipliers]        # scale a numeric canonical column
total_investment_amount = 1000000

[templates]          # a canonical column composed from source columns
total_investment_date = "{Month} {Year}"             # "August 2005" → 2005-08-01
title = "{Partner/Target|Investor} ({Year})"        # {A|B}: A, or B when A is empty
```

A template's `{Column}` is the cell of that source column; `{A|B|C}` is the first of them that is
not empty; `{{` and `}}` are literal braces. The result, with its spaces tidied, goes through the
canonical column's own parser (dates accept "August 2005" and "август 2005"); a template whose
placeholders are all empty gives an empty cell.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from keruen.imports.readers import FileRejected

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Template:
    """`"{Month} {Year}"`: literal text and placeholders, each a list of source columns tried in
    order (`{A|B}`)."""

    text: str
    parts: tuple[str | tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        parts: list[str | tuple[str, ...]] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            parts.append(text[pos : m.start()])
            pos = m.end()
            token = m.group(0)
            if token in ("{{", "}}"):
                parts.append(token[0])
            elif token in ("{", "}") or not m.group(1).strip():
                raise ValueError(
                    _("an unmatched or empty brace at character %(n)d (write {{ or }} for one)")
                    % {"n": m.start() + 1}
                )
            else:
                names = tuple(name.strip() for name in m.group(1).split("|"))
                if not all(names):
                    raise ValueError(_("an empty column name in {%(p)s}") % {"p": m.group(1)})
                parts.append(names)
        parts.append(text[pos:])
        if not any(isinstance(p, tuple) for p in parts):
            raise ValueError(_("no {Column} placeholder (use [constants] for a fixed value)"))
        return cls(text=text, parts=tuple(p for p in parts if p != ""))

    @property
    def sources(self) -> list[str]:
        """The source columns it reads, in order of first use."""
        seen: dict[str, None] = {}
        for p in self.parts:
            if isinstance(p, tuple):
                seen.update(dict.fromkeys(p))
        return list(seen)

    def render(self, row: dict[str, str]) -> str:
        """The composed cell; "" when every placeholder is empty."""
        out: list[str] = []
        filled = False
        for p in self.parts:
            if isinstance(p, tuple):
                value = next((v for v in (row.get(name, "").strip() for name in p) if v), "")
                filled = filled or bool(value)
                out.append(value)
            else:
                out.append(p)
        if not filled:
            return ""
        return re.sub(r"\s+", " ", "".join(out)).strip()


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    multipliers: dict[str, Decimal] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)

    @classmethod
    def load(cls, source: str | Path | IO[bytes], *, allowed: set[str]) -> Mapping:
        try:
            if isinstance(source, str | Path):
                data = tomllib.loads(Path(source).read_text(encoding="utf-8"))
            else:
                data = tomllib.load(source)
        except (OSError, UnicodeDecodeError) as e:
            raise FileRejected(_("The mapping file cannot be read: %(e)s") % {"e": e}) from None
        except tomllib.TOMLDecodeError as e:
            raise FileRejected(_("The mapping file is not valid TOML: %(e)s") % {"e": e}) from None
        return cls.from_dict(data, allowed=allowed)

    @classmethod
    def from_dict(cls, data: dict, *, allowed: set[str]) -> Mapping:
        unknown_sections = set(data) - {"columns", "constants", "multipliers", "templates"}
        if unknown_sections:
            raise FileRejected(
                _(
                    "Unknown mapping section(s) %(s)s: expected [columns], [constants], "
                    "[multipliers], [templates]."
                )
                % {"s": ", ".join(sorted(unknown_sections))}
            )
        errors: list[str] = []

        def check(section: str, name: object) -> None:
            if name not in allowed:
                errors.append(
                    _("[%(section)s] names %(name)r, which is not a column of this kind (%(cols)s)")
                    % {"section": section, "name": name, "cols": ", ".join(sorted(allowed))}
                )

        columns = {str(k): str(v) for k, v in data.get("columns", {}).items()}
        for target in columns.values():
            if target:  # an empty target ignores the source column
                check("columns", target)
        constants = {}
        for k, v in data.get("constants", {}).items():
            check("constants", k)
            constants[str(k)] = (
                v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
            )
        multipliers = {}
        for k, v in data.get("multipliers", {}).items():
            check("multipliers", k)
            try:
                multipliers[str(k)] = Decimal(str(v))
            except InvalidOperation:
                errors.append(
                    _("[multipliers] %(name)s = %(value)r is not a number")
                    % {"name": k, "value": v}
                )
        templates = {}
        for k, v in data.get("templates", {}).items():
            check("templates", k)
            if not isinstance(v, str):
                errors.append(
                    _("[templates] %(name)s = %(value)r is not a string") % {"name": k, "value": v}
                )
                continue
            try:
                templates[str(k)] = Template.parse(v)
            except ValueError as e:
                errors.append(
                    _("[templates] %(name)s = %(value)r has %(problem)s")
                    % {"name": k, "value": v, "problem": e}
                )
        for k in sorted(set(templates) & set(columns.values())):
            errors.append(
                _("%(name)s is given by both [columns] and [templates]; keep one") % {"name": k}
            )
        if errors:
            raise FileRejected("; ".join(errors))
        return cls(
            columns=columns, constants=constants, multipliers=multipliers, templates=templates
        )
