"""`keruen extract-eval [GOLD_DIR] [--dev PATH] [--eval-dir PATH] [--json] [--errors]`:
precision, recall and F1 of the extractor — on one folder, or on the tuning half, the test half
and the development set, each reported separately."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_json_option
from keruen.ingest.extraction.evaluate import (
    DEV_DIR,
    EVAL_DIR,
    evaluate_dir,
    evaluate_sets,
    sets_to_text,
)


def _gold_folder(path: Path, option: str) -> Path:
    if not (path / "gold").is_dir() or not (path / "texts").is_dir():
        raise CommandError(f"{option} {path}: expected a folder with texts/ and gold/ inside")
    return path


class Command(BaseCommand):
    help = (
        "Score the extractor. With GOLD_DIR: on that folder (laid out like "
        "shared/data/extraction-dev: texts/ and gold/). Without: on the tuning half, the test "
        "half (tests/ingest/eval) and the development set, each reported separately."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("gold_dir", metavar="GOLD_DIR", nargs="?")
        parser.add_argument(
            "--dev", metavar="PATH", help=f"the development set (default: {DEV_DIR}, if present)"
        )
        parser.add_argument(
            "--eval-dir",
            metavar="PATH",
            help=f"the folder holding tuning/ and test/ (default: {EVAL_DIR})",
        )
        add_json_option(parser)
        parser.add_argument("--errors", action="store_true", help="list every miss")

    def handle(self, *args: Any, **opts: Any) -> None:
        errors = opts["errors"]
        if opts["gold_dir"]:
            report = evaluate_dir(_gold_folder(Path(opts["gold_dir"]), "GOLD_DIR"))
            if opts["json"]:
                self.stdout.write(
                    json.dumps(report.to_json_dict(with_errors=errors), ensure_ascii=False)
                )
            else:
                self.stdout.write(report.to_text(with_errors=errors))
            return
        eval_dir = Path(opts["eval_dir"]) if opts["eval_dir"] else EVAL_DIR
        for half in ("tuning", "test"):
            _gold_folder(eval_dir / half, "--eval-dir")
        dev = Path(opts["dev"]) if opts["dev"] else None
        if dev is not None:
            _gold_folder(dev, "--dev")
        reports = evaluate_sets(eval_dir, dev)
        if opts["json"]:
            out = {name: r.to_json_dict(with_errors=errors) for name, r in reports.items()}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(sets_to_text(reports, with_errors=errors))
