"""`keruen backup --output FILE [--json]`: the database and Keruen's files in one file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keruen.core.commands import add_json_option
from keruen.ops.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and the "
        "uploaded files into one file; `keruen restore FILE` puts it back."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", required=True, help="the backup file to write")
        add_json_option(parser, "the result as JSON on stdout")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = backup_create(output=Path(opts["output"]))
        except BackupError as e:
            raise CommandError(str(e)) from e
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "file": str(result.path),
                        "engine": result.engine,
                        "size": result.size,
                        "tables": len(result.tables),
                        "rows": result.rows,
                        "files": result.files,
                    }
                )
            )
        self.stderr.write(
            _("Backed up %(engine)s: %(tables)d tables, %(rows)d rows, %(files)d files -> %(file)s")
            % {
                "engine": result.engine,
                "tables": len(result.tables),
                "rows": result.rows,
                "files": result.files,
                "file": result.path,
            }
        )
