"""`keruen export KIND --format csv|xlsx|json|oc4ids|iati [--portfolio SLUG] [--region CODE]
[--output FILE] [--public | --for-user USERNAME]`."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_reader_options
from keruen.imports.kinds import KINDS
from keruen.projects.models import Portfolio
from keruen.reference.models import Region
from keruen.reports.exports.rows import Audience
from keruen.reports.exports.services import BINARY_FORMATS, FORMATS, PROJECT_ONLY, export_run


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data command: the web's URL checks do not apply
    help = (
        "Export projects, agreements, events, organizations or fx-rates in the canonical "
        "columns (csv, xlsx, json), or projects as OC4IDS or IATI. Rows are ordered by code. "
        "By default everything (Keruen itself); --public or --for-user narrows it to what they "
        "may see."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--portfolio", help="a portfolio's code, e.g. kz-cn")
        parser.add_argument("--region", help="an ISO 3166-2:KZ code, e.g. KZ-19")
        parser.add_argument("--output", help="the file to write (default: standard output)")
        add_reader_options(
            parser,
            public="public records only, no confidential fields",
            for_user="only what this user may see",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        kind, fmt = opts["kind"], opts["format"]
        if fmt in PROJECT_ONLY and kind != "projects":
            raise CommandError(f"--format {fmt} exports projects only, not {kind}")
        slug = opts["portfolio"]
        if slug and not Portfolio.objects.filter(slug=slug).exists():
            raise CommandError(f"--portfolio: unknown portfolio {slug!r}")
        region = opts["region"]
        if region and not Region.objects.filter(code=region.upper()).exists():
            raise CommandError(f"--region: unknown region {region!r}; expected e.g. KZ-19")
        if opts["public"]:
            audience = Audience.public()
        elif opts["for_user"]:
            try:
                audience = Audience.for_username(opts["for_user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"--for-user: no user {opts['for_user']!r}") from None
        else:
            audience = Audience()
        binary = fmt in BINARY_FORMATS
        output = opts["output"]
        kwargs = {
            "kind": kind,
            "format": fmt,
            "audience": audience,
            "portfolio": slug,
            "region": region.upper() if region else None,
            "progress": True,
        }
        if output:
            path = Path(output)
            try:
                if binary:
                    with path.open("wb") as fb:
                        result = export_run(out=fb, **kwargs)
                else:
                    with path.open("w", encoding="utf-8", newline="") as ft:
                        result = export_run(out=ft, **kwargs)
            except OSError as e:
                raise CommandError(f"--output: cannot write {path}: {e}") from e
            self.stderr.write(
                f"Wrote {result.rows} {kind} ({fmt}, for {result.audience}) to {path}."
            )
            return
        if binary:
            buf = io.BytesIO()
            result = export_run(out=buf, **kwargs)
            sys.stdout.buffer.write(buf.getvalue())
        else:
            result = export_run(out=_Raw(self.stdout), **kwargs)  # type: ignore[arg-type]
        self.stderr.write(f"Exported {result.rows} {kind} ({fmt}, for {result.audience}).")


class _Raw:
    """Django's OutputWrapper adds a line end to each write; files need the text as it is."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> int:
        self.wrapper.write(text, ending="")
        return len(text)
