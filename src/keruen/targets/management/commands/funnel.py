"""`keruen funnel [--event SLUG] [--portfolio SLUG] [--stale-months N] [--json]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.agreements.models import Event
from keruen.core.commands import add_json_option, require_known, write_records
from keruen.projects.models import Portfolio
from keruen.targets.funnel import FunnelRow, funnel_by_event, funnel_by_portfolio


class Command(BaseCommand):
    help = (
        "The agreement → project funnel per event (default) or per portfolio: agreements signed, "
        "linked to projects, projects by stage, investment realised, conversion, stale agreements."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--event", help="one event's code, e.g. ca-china-forum-2025")
        parser.add_argument(
            "--portfolio",
            help="funnel per portfolio; with a code, that one (e.g. kz-cn)",
            nargs="?",
            const="",
            default=None,
        )
        parser.add_argument(
            "--stale-months", type=int, help="months without a project or progress (default 6)"
        )
        add_json_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        months = opts["stale_months"]
        if months is not None and months < 0:
            raise CommandError("--stale-months: expected 0 or more")
        if opts["event"] and opts["portfolio"] is not None:
            raise CommandError("give --event or --portfolio, not both")
        rows: list[FunnelRow]
        if opts["portfolio"] is not None:
            slug = opts["portfolio"] or None
            require_known("--portfolio", "portfolio", slug, Portfolio.objects.all())
            rows = funnel_by_portfolio(user=None, portfolio=slug, stale_months=months)
        else:
            slug = opts["event"]
            require_known("--event", "event", slug, Event.objects.all(), shown=20)
            rows = funnel_by_event(user=None, event=slug, stale_months=months)
        write_records(
            self, rows, as_json=opts["json"], empty="No agreements yet.", write=self._print
        )

    def _print(self, r: FunnelRow) -> None:
        self.stdout.write(f"{r.key}: {r.title}")
        for _key, label, count, value in r.steps():
            money = f"  USD {value / 1e9:,.2f} bn" if value else ""
            self.stdout.write(f"  {label:<28}{count:>6}{money}")
        self.stdout.write(
            f"  conversion {r.conversion_rate:.0%} of agreements, "
            f"{r.value_conversion_rate:.0%} of value; "
            f"stale (>{r.stale_months} months): {len(r.stale)}"
        )
