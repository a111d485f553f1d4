"""The verbs' shared helpers: errors name the option or the file; --json speaks the API's shape."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from keruen.core.commands import option_date, read_text, write_items


def test_option_date_reads_iso_dates_and_names_the_option_otherwise() -> None:
    assert option_date("2025-06-25", "--today") == dt.date(2025, 6, 25)
    with pytest.raises(CommandError, match=r"--since: expected a date as YYYY-MM-DD, got '25\.06'"):
        option_date("25.06", "--since")


def test_read_text_drops_the_bom_and_refuses_other_encodings(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffcode\nKZ-19\n".encode())
    assert read_text(good) == "code\nKZ-19\n"
    bad = tmp_path / "bad.csv"
    bad.write_bytes("код".encode("cp1251"))
    with pytest.raises(CommandError, match=r"bad\.csv: cannot read it as UTF-8 text"):
        read_text(bad)
    with pytest.raises(CommandError, match=r"missing\.csv: cannot read it"):
        read_text(tmp_path / "missing.csv")


def test_write_items_prints_count_and_items() -> None:
    out = io.StringIO()
    write_items(out, [{"name": "Алматы"}])
    assert json.loads(out.getvalue()) == {"count": 1, "items": [{"name": "Алматы"}]}
    assert "Алматы" in out.getvalue()
