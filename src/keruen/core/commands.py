"""What the `keruen` verbs share: an option's date, a known slug, a file's text, and a list written
as `--json` in the API's list shape or as lines. Each fails with a CommandError naming the option
or file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db.models import QuerySet


def option_date(value: str, option: str) -> dt.date:
    """`value` of `option` (e.g. "--today") as a date, written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from e


def read_text(path: Path) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CommandError(f"{path}: cannot read it as UTF-8 text ({e})") from e


def require_known(
    option: str, noun: str, value: str | None, known: QuerySet[Any], *, shown: int | None = None
) -> None:
    """Fail unless `value` (when given) is the slug of one of `known`, naming the known ones (the
    first `shown` of them): `--portfolio: unknown portfolio 'x' (known: kz-cn, kz-eu)`."""
    if value and not known.filter(slug=value).exists():
        names = ", ".join(known.values_list("slug", flat=True)[:shown]) or "none yet"
        raise CommandError(f"{option}: unknown {noun} {value!r} (known: {names})")


def add_json_option(parser: Any) -> None:
    """`--json`: the verb's answer as JSON (`write_items`, `write_list`) instead of lines."""
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_today_option(parser: Any) -> None:
    """`--today`: the day deadlines are judged by (read with `option_date`)."""
    parser.add_argument("--today", help="the date to judge by (default: today in Asia/Almaty)")


def write_items(stdout: Any, items: list[Any]) -> None:
    """`{"count": N, "items": [...]}` on one line, as the API answers a list."""
    stdout.write(json.dumps({"count": len(items), "items": items}, ensure_ascii=False))


def write_list(
    command: Any,
    items: list[dict[str, Any]],
    *,
    as_json: bool,
    header: str,
    line: Callable[[dict[str, Any]], str],
) -> None:
    """A verb's list: with `as_json` as `write_items`; otherwise `header` on stderr (the rows on
    stdout stay clean for a pipe) and each item as its `line`."""
    if as_json:
        write_items(command.stdout, items)
        return
    command.stderr.write(header)
    for item in items:
        command.stdout.write(line(item))


def validation_message(e: Any) -> str:
    """A `ValidationError` as one line: `field: message; field: message`."""
    if hasattr(e, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())
    return " ".join(e.messages)
