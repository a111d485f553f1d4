"""`keruen import KIND FILE [--dry-run] [--mapping MAPPING.toml] [--sheet NAME]
[--no-new-organizations] [--json]`: load a CSV or XLSX file, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_json_option
from keruen.imports.kinds import KINDS
from keruen.imports.services import import_run


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data command: the web's URL checks do not apply
    help = (
        "Import projects, agreements, events, organizations or fx-rates from a CSV or XLSX file "
        "in the canonical columns (docs/import-formats.md), or through a mapping file. Every "
        "problem is reported by row and column; nothing is written unless every row is valid."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--mapping", help="a TOML mapping file for other column names")
        parser.add_argument("--sheet", help="the XLSX sheet to read (default: the first)")
        parser.add_argument(
            "--no-new-organizations",
            action="store_true",
            help="an organization not already known is an error instead of being created",
        )
        parser.add_argument("--reason", help="recorded in the history of every change")
        add_json_option(parser, "the report as JSON on stdout")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        report = import_run(
            actor=None,
            kind=opts["kind"],
            source=path,
            reason=opts["reason"],
            dry_run=opts["dry_run"],
            mapping=opts["mapping"],
            sheet=opts["sheet"],
            allow_new_organizations=not opts["no_new_organizations"],
            progress=True,
        )
        if opts["json"]:
            self.stdout.write(json.dumps(report.to_json_dict(), ensure_ascii=False))
        for line in report.summary_lines():
            self.stderr.write(line)
        if report.problems:
            lines = [str(p) for p in report.problems]
            raise CommandError(
                f"{path}: {len(lines)} problem(s); nothing was written:\n  " + "\n  ".join(lines)
            )
        if report.dry_run:
            self.stderr.write("Dry run: nothing was written.")
