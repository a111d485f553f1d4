"""`keruen extract-eval GOLD_DIR [--json]`: precision, recall and F1 of the extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.ingest.extraction.evaluate import evaluate_dir


class Command(BaseCommand):
    help = (
        "Score the extractor on a folder laid out like shared/data/extraction-dev "
        "(texts/ and gold/): precision, recall and F1 per kind and overall."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("gold_dir", metavar="GOLD_DIR")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--errors", action="store_true", help="list every miss")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["gold_dir"])
        if not (path / "gold").is_dir() or not (path / "texts").is_dir():
            raise CommandError(f"{path}: expected a folder with texts/ and gold/ inside")
        report = evaluate_dir(path)
        if opts["json"]:
            self.stdout.write(
                json.dumps(report.to_json_dict(with_errors=opts["errors"]), ensure_ascii=False)
            )
        else:
            self.stdout.write(report.to_text(with_errors=opts["errors"]))
