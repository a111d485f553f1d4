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
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from keruen.imports.readers import FileRejected


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    multipliers: dict[str, Decimal] = field(default_factory=dict)

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
        unknown_sections = set(data) - {"columns", "constants", "multipliers"}
        if unknown_sections:
            raise FileRejected(
                _(
                    "Unknown mapping section(s) %(s)s: expected [columns], [constants], "
                    "[multipliers]."
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
        if errors:
            raise FileRejected("; ".join(errors))
        return cls(columns=columns, constants=constants, multipliers=multipliers)
