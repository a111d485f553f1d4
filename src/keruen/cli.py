"""The `keruen` console script.

`keruen VERB ...` runs the management command VERB (hyphens read as underscores, so
`keruen extract-eval` runs `extract_eval`). Keruen's own verbs (demo, serve, summary, import,
export, users, instructions, targets, funnel, regions, extract, ingest, brief, worker) and all of
Django's (migrate, check, createsuperuser, ...) are management commands of the apps.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    argv[0] = "keruen"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
