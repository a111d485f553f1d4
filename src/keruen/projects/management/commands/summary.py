"""`keruen summary [--portfolio SLUG] [--region CODE] [--json]`: the headline figures."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.projects.models import Portfolio
from keruen.projects.selectors import summary


class Command(BaseCommand):
    help = "Headline figures: projects, investment, jobs, agreements, by stage."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--portfolio", help="a portfolio's code, e.g. kz-cn")
        parser.add_argument("--region", help="an ISO 3166-2:KZ code, e.g. KZ-19")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **opts: Any) -> None:
        slug = opts["portfolio"]
        if slug and not Portfolio.objects.filter(slug=slug).exists():
            known = ", ".join(Portfolio.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"--portfolio: unknown portfolio {slug!r} (known: {known})")
        s = summary(user=None, portfolio=slug, region=opts["region"])
        if opts["json"]:
            self.stdout.write(json.dumps(s.to_json_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"Portfolio:            {slug or 'all'}")
        self.stdout.write(f"Projects:             {s.projects:,}")
        self.stdout.write(f"Investment:           USD {s.investment_usd / 10**9:,.2f} bn")
        self.stdout.write(f"Foreign investment:   USD {s.foreign_investment_usd / 10**9:,.2f} bn")
        self.stdout.write(f"Jobs planned/created: {s.jobs_planned:,} / {s.jobs_created:,}")
        self.stdout.write(
            f"Agreements:           {s.agreements:,} worth USD "
            f"{s.agreements_value_usd / 10**9:,.2f} bn"
        )
        for stage, row in s.by_stage.items():
            self.stdout.write(
                f"  {stage:<14} {row['projects']:>5}  USD {row['investment_usd'] / 10**9:,.2f} bn"
            )
        if s.excluded_from_totals:
            self.stdout.write(
                f"Not counted in totals (counted elsewhere): {s.excluded_from_totals}"
            )
