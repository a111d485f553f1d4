"""`keruen targets [--json] [--as-of DATE]`: where every target stands.

`keruen targets import-observations FILE`: load observations from CSV (all or nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_json_option, option_date, read_text, write_records
from keruen.targets.selectors import TargetStatus, target_status_list
from keruen.targets.services import CSV_COLUMNS, observations_import_csv

IMPORT_REASON = "Observations imported from CSV with `keruen targets import-observations`"


def _bn(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit and len(unit) == 3 and unit.isupper():
        return f"{unit} {value / 1e9:,.2f} bn"
    return f"{value:,.0f} {unit}"


class Command(BaseCommand):
    help = (
        "Targets with actual, trajectory, forecasts, required run-rate and status; "
        "`targets import-observations FILE` loads observations from CSV (columns: "
        + ", ".join(CSV_COLUMNS)
        + ")."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            default="list",
            choices=["list", "import-observations", "import_observations"],
            help="list (default) or import-observations FILE",
        )
        parser.add_argument("file", nargs="?", help="the CSV file for import-observations")
        add_json_option(parser)
        parser.add_argument("--as-of", help="the date to compute the figures at (YYYY-MM-DD)")
        parser.add_argument("--reason", default=IMPORT_REASON, help="recorded in the history")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] in ("import-observations", "import_observations"):
            self._import(opts)
            return
        as_of = None
        if opts["as_of"]:
            as_of = option_date(opts["as_of"], "--as-of")
        statuses = target_status_list(user=None, as_of=as_of)
        write_records(
            self, statuses, as_json=opts["json"], empty="No targets yet.", write=self._print
        )

    def _print(self, s: TargetStatus) -> None:
        d = s.to_json_dict()
        unit = d["unit"]
        flag = " [illustrative]" if d["is_illustrative"] else ""
        self.stdout.write(
            f"{d['code']}: {d['name']}{flag} ({d['period_start_year']}–{d['period_end_year']})"
        )
        rows = [
            ("target", _bn(d["target_value"], unit)),
            ("actual", f"{_bn(d['actual'], unit)} (reported through {d['reported_through']})"),
            ("trajectory to date", _bn(d["trajectory_to_date"], unit)),
            ("trajectory to reported", _bn(d["trajectory_to_reported"], unit)),
            ("forecast (trend)", _bn(d["forecast_trend"], unit)),
            ("forecast (pipeline)", _bn(d["forecast_pipeline"], unit)),
            ("required per year", _bn(d["required_run_rate"], unit)),
            ("status", f"{d['status']} ({d['status_reason']})"),
            ("observations", str(len(d["observations"]))),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label:<24}{value}")

    def _import(self, opts: dict[str, Any]) -> None:
        if not opts["file"]:
            raise CommandError("import-observations needs a FILE (CSV)")
        path = Path(opts["file"])
        text = read_text(path)
        try:
            result = observations_import_csv(actor=None, reason=opts["reason"], text=text)
        except ValidationError as e:
            raise CommandError(f"{path}: nothing imported:\n  " + "\n  ".join(e.messages)) from e
        if opts["json"]:
            self.stdout.write(
                json.dumps({"observations": result.observations, "targets": result.targets})
            )
        else:
            self.stdout.write(
                f"Imported {result.observations} observations for {', '.join(result.targets)}."
            )
