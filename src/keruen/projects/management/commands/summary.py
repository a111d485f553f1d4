"""`keruen summary [--portfolio SLUG] [--region CODE] [--sector CODE] [--stage STAGE]
[--for-user NAME | --public] [--json]`: the headline figures, by the counting rule of
`keruen.projects.figures` — the same figures as the dashboard, the list and `/api/v1/summary/`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import (
    add_json_option,
    add_reader_options,
    option_reader,
    require_known,
)
from keruen.projects.figures import summary
from keruen.projects.models import Portfolio, Stage
from keruen.projects.selectors import ProjectFilters
from keruen.reference.models import Region, Sector


class Command(BaseCommand):
    help = (
        "Headline figures: projects, investment, jobs, agreements, by stage; what the reader "
        "sees of the registry."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--portfolio", help="a portfolio's code, e.g. kz-cn")
        parser.add_argument("--region", help="an ISO 3166-2:KZ code, e.g. KZ-19")
        parser.add_argument("--sector", help="a sector's code (its sub-sectors count too)")
        parser.add_argument("--stage", choices=Stage.values, help="projects in this stage")
        add_reader_options(parser, public="what the public sees", for_user="what this user may see")
        add_json_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        s = summary(user=option_reader(opts), filters=self._filters(opts))
        if opts["json"]:
            self.stdout.write(json.dumps(s.to_json_dict(), ensure_ascii=False))
            return
        c = s.coverage
        self.stdout.write(f"Portfolio:            {s.portfolio or 'all'}")
        for name in ("region", "sector", "stage"):
            if opts[name]:
                self.stdout.write(f"{name.capitalize() + ':':<22}{opts[name]}")
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
        if c.not_counted:
            self.stdout.write(
                f"Records: {c.records:,}, counted {c.counted:,}; not counted in totals: "
                f"{c.in_parent:,} phases counted in their parent, {c.elsewhere:,} counted "
                "elsewhere"
            )
        if c.in_several_regions:
            self.stdout.write(
                f"In several regions: {c.in_several_regions:,} (once in the total, in each "
                "region by region)"
            )
        if c.hidden:
            edition = "public edition: " if c.public else ""
            self.stdout.write(
                f"Seen: {edition}{c.counted:,} of {c.registry:,} projects; {c.hidden:,} are "
                "restricted"
            )

    def _filters(self, opts: dict[str, Any]) -> ProjectFilters:
        slug = opts["portfolio"]
        require_known("--portfolio", "portfolio", slug, Portfolio.objects.all())
        region = (opts["region"] or "").upper() or None
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"--region: unknown region {opts['region']!r}; expected e.g. KZ-19")
        sector = opts["sector"]
        if sector and not Sector.objects.filter(code=sector).exists():
            raise CommandError(f"--sector: unknown sector {sector!r}")
        return ProjectFilters(portfolio=slug, region=region, sector=sector, stage=opts["stage"])
