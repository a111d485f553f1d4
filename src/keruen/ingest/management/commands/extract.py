"""`keruen extract FILE... [--json]`: the facts of each text file, with their exact spans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_json_option
from keruen.ingest.extraction.pipeline import extract_file
from keruen.parties.selectors import OrganizationIndex


class Command(BaseCommand):
    help = (
        "Extract facts from UTF-8 text (or HTML) files; the whole file is the body and "
        "offsets count its characters. With --json: one JSON object per file per line."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        add_json_option(parser, "one JSON object per line")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            index: OrganizationIndex | None = OrganizationIndex()
        except Exception:  # no database yet: facts are still extracted, just not resolved
            index = None
        failed = []
        for name in opts["files"]:
            path = Path(name)
            try:
                result = extract_file(path)
            except (OSError, UnicodeDecodeError) as e:
                failed.append(f"{path}: cannot read it as UTF-8 text ({e})")
                continue
            data = result.to_json_dict(file=str(path))
            if index is not None:
                for fact in data["facts"]:
                    for company in (fact.get("company") or "").split("; "):
                        org = index.find(company) if company else None
                        if org:
                            fact["organization"] = org.code
                            break
            if opts["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
                continue
            self.stdout.write(f"{path} ({result.language}): {len(result.facts)} facts")
            if result.message:
                self.stdout.write(f"  {result.message}")
            for fact in data["facts"]:
                figure = ""
                if "value" in fact:
                    figure = (
                        f" = {fact.get('qualifier', '')} {fact['value']:,} "
                        f"{fact.get('currency') or fact.get('unit', '')}".replace("  ", " ")
                    )
                self.stdout.write(
                    f"  [{fact['char_start']}:{fact['char_end']}] "
                    f"{fact['kind']}{figure}: {fact['quote'][:100]}"
                )
        if failed:
            raise CommandError("\n".join(failed))
