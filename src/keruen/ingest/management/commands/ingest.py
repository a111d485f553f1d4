"""`keruen ingest PATH...`: texts, HTML pages, folders or feed files into the review queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from keruen.core.commands import add_json_option
from keruen.ingest.services import documents_ingest
from keruen.ingest.sources import read_path


class Command(BaseCommand):
    help = (
        "Ingest press releases and news (text or HTML files, folders, RSS/Atom feed files) "
        "into the review queue, with the facts proposed from each."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH|FEED")
        parser.add_argument("--publisher", default="", help="who published these texts")
        add_json_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            items = [item for p in opts["paths"] for item in read_path(Path(p))]
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        if opts["publisher"]:
            items = [
                item.__class__(**{**item.__dict__, "publisher": opts["publisher"]})
                for item in items
            ]
        with tqdm(
            total=len(items), unit="doc", file=self.stderr._out, disable=len(items) < 20
        ) as bar:
            try:
                results = documents_ingest(actor=None, items=items, progress=bar)
            except ValidationError as e:
                raise CommandError("; ".join(e.messages)) from e
        new = [r for r in results if r.created]
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "document": r.document.pk,
                            "title": r.document.title,
                            "created": r.created,
                            "language": r.document.language,
                            "facts": r.facts,
                        }
                        for r in results
                    ],
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            f"{len(new)} new documents, {len(results) - len(new)} already there; "
            f"{sum(r.facts for r in new)} facts proposed for review."
        )
        for r in results:
            if not r.document.supported:
                self.stderr.write(f"  {r.document.title}: {r.document.message}")
