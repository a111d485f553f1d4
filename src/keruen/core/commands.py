"""What the `keruen` verbs share: verbs with actions (`ActionCommand`), an option's date, a known
slug, a file's text, the reader a verb answers for, and a list written as `--json` in the API's
list shape or as lines. Each fails with a CommandError naming the option or file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet


class ActionCommand(BaseCommand):
    """A verb with actions (`keruen users create|list|...`): `add_actions` declares them on the
    subparsers, and `handle` runs the method `action_<name>` (hyphens as underscores) with the
    options; a ValidationError from a service fails as a CommandError naming each field."""

    def add_arguments(self, parser: Any) -> None:
        self.add_actions(parser.add_subparsers(dest="action", required=True, metavar="ACTION"))

    def add_actions(self, actions: Any) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, "action_" + opts["action"].replace("-", "_"))(opts)
        except ValidationError as e:
            raise CommandError(validation_message(e)) from e


def option_date(value: str, option: str) -> dt.date:
    """`value` of `option` (e.g. "--today") as a date, written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from e


def option_today(opts: dict[str, Any], default: Callable[[], dt.date]) -> dt.date:
    """The day of `--today` when given, else `default()`."""
    return option_date(opts["today"], "--today") if opts.get("today") else default()


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


def add_json_option(parser: Any, help: str = "machine-readable output") -> None:
    """`--json`: the verb's answer as JSON (`write_items`, `write_list`) instead of lines."""
    parser.add_argument("--json", action="store_true", help=help)


def add_today_option(parser: Any) -> None:
    """`--today`: the day deadlines are judged by (read with `option_date`)."""
    parser.add_argument("--today", help="the date to judge by (default: today in Asia/Almaty)")


def add_reader_options(parser: Any, *, public: str, for_user: str) -> None:
    """`--public` | `--for-user USERNAME`: whom the verb answers for (read with `option_reader`)."""
    reader = parser.add_mutually_exclusive_group()
    reader.add_argument("--public", action="store_true", help=public)
    reader.add_argument("--for-user", metavar="USERNAME", help=for_user)


def option_user(username: str | None) -> Any:
    """The active user named by `--for-user`, or None when the option is not given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"--for-user: no active user named {username!r}")
    return user


def option_reader(opts: dict[str, Any]) -> Any:
    """The reader of `add_reader_options`: the public (an anonymous user), the user named by
    `--for-user`, or None for Keruen itself (everything)."""
    return AnonymousUser() if opts["public"] else option_user(opts["for_user"])


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


def write_records(
    command: Any,
    records: Sequence[Any],
    *,
    as_json: bool,
    empty: str,
    write: Callable[[Any], None],
) -> None:
    """Records with `to_json_dict()`: with `as_json` as `write_items`; otherwise `empty` on stderr
    when there are none, and `write(record)` for each."""
    if as_json:
        write_items(command.stdout, [r.to_json_dict() for r in records])
        return
    if not records:
        command.stderr.write(empty)
    for r in records:
        write(r)


def validation_message(e: Any) -> str:
    """A `ValidationError` as one line: `field: message; field: message`."""
    if hasattr(e, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())
    return " ".join(e.messages)
