"""`keruen load-nbk-rates FILE`: load National Bank of Kazakhstan rates from CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import read_text
from keruen.reference.services import NBK_SOURCE, fx_rates_load_nbk


class Command(BaseCommand):
    help = (
        "Load National Bank of Kazakhstan exchange rates from a CSV with columns "
        "date, currency, kzt_per_unit (and optionally quantity). All or nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--source", default=NBK_SOURCE, help="cited with every rate")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        text = read_text(path)
        try:
            result = fx_rates_load_nbk(text=text, source=opts["source"])
        except ValidationError as e:
            raise CommandError(f"{path}: nothing loaded:\n  " + "\n  ".join(e.messages)) from e
        self.stdout.write(f"Loaded {result.rates} rates for {result.dates} dates.")
