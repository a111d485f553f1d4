"""`keruen restore FILE [--force] [--json]`: put a `keruen backup` file back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keruen.core.commands import add_json_option
from keruen.ops.services import BackupError, backup_restore


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # the database may be empty: nothing to check yet
    help = (
        "Restore a `keruen backup` file into the configured database (DATABASE_URL) and file "
        "directories. Refuses a database that has tables unless --force, which replaces them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="a file written by `keruen backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that is not empty"
        )
        add_json_option(parser, "the result as JSON on stdout")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        try:
            result = backup_restore(source=path, force=opts["force"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "file": str(path),
                        "engine": result.engine,
                        "tables": len(result.tables),
                        "rows": result.rows,
                        "files": result.files,
                    }
                )
            )
        self.stderr.write(
            _(
                "Restored %(file)s (%(engine)s): %(tables)d tables, %(rows)d rows, %(files)d "
                "files; every table's row count matches the backup."
            )
            % {
                "file": path,
                "engine": result.engine,
                "tables": len(result.tables),
                "rows": result.rows,
                "files": result.files,
            }
        )
