"""`keruen open-data build [--if-stale] [--json]`: write the open-data files and their catalogue."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from keruen.core.commands import add_json_option
from keruen.portal import catalog


class Command(BaseCommand):
    help = (
        "Build the open-data portal's files (every public dataset in each of its formats) and "
        "their DCAT-AP catalogue under KERUEN_OPEN_DATA_DIR."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build the files now")
        build.add_argument(
            "--if-stale", action="store_true", help="only if public data changed since the last"
        )
        add_json_option(build, "print the files as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["if_stale"] and not catalog.is_stale():
            self.stderr.write("open data is up to date")
            files = catalog.files()
        else:
            files = catalog.build()
            self.stderr.write(f"built {len(files)} files in {catalog.current().resolve()}")
        if opts["json"]:
            self.stdout.write(json.dumps([f.__dict__ for f in files], indent=2))
        else:
            for f in files:
                self.stdout.write(f"{f.name}\t{f.rows} rows\t{f.size} bytes\tsha256 {f.sha256}")
