"""`keruen regions scorecard [--json]` and `keruen regions candidates CODE [--json]`.

    keruen regions scorecard [--portfolio SLUG] [--region CODE] [--today YYYY-MM-DD]
                             [--language kk|ru|en] [--json]
    keruen regions candidates INI-000001 [--limit N] [--language kk|ru|en] [--json]

The scorecard prints every region (or one) with its figures; lagging regions carry their reasons
in the chosen language. Runs as Keruen itself (sees everything).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from keruen.core.commands import ActionCommand, add_json_option, option_date, require_known
from keruen.projects.models import Portfolio
from keruen.regions.models import Initiative
from keruen.regions.scorecard import LaggingRule, region_scorecards_and_national
from keruen.regions.selectors import initiative_candidates


class Command(ActionCommand):
    help = "Regions: the scorecard of every region (lagging ones with reasons); candidates."

    def add_actions(self, sub: Any) -> None:
        card = sub.add_parser("scorecard", help="the scorecard of every region")
        card.add_argument("--portfolio", help="only this portfolio's projects, e.g. kz-cn")
        card.add_argument("--region", help="only this region, e.g. KZ-10")
        card.add_argument("--today", help="judge as of this day (YYYY-MM-DD)")
        cand = sub.add_parser("candidates", help="investors and events for an initiative")
        cand.add_argument("code", help="the initiative's code, e.g. INI-000001")
        cand.add_argument("--limit", type=int, default=10)
        for p in (card, cand):
            p.add_argument(
                "--language",
                choices=[code for code, _name in settings.LANGUAGES],
                default="en",
                help="language of names and reasons (default en)",
            )
            add_json_option(p)

    def handle(self, *args: Any, **opts: Any) -> None:
        with translation.override(opts["language"]):
            super().handle(*args, **opts)

    def action_scorecard(self, opts: dict[str, Any]) -> None:
        slug = opts["portfolio"]
        require_known("--portfolio", "portfolio", slug, Portfolio.objects.all())
        today = option_date(opts["today"], "--today") if opts["today"] else None
        cards, national = region_scorecards_and_national(user=None, today=today, portfolio=slug)
        if opts["region"]:
            code = opts["region"].upper()
            cards = [c for c in cards if c.code == code]
            if not cards:
                raise CommandError(
                    f"--region: unknown region {opts['region']!r} (expected a code like KZ-10)"
                )
        if opts["json"]:
            rule = LaggingRule()
            payload = {
                "count": len(cards),
                "lagging": sum(c.lagging for c in cards),
                "rule": rule.__dict__,
                "national": national.to_json_dict(),
                "items": [c.to_json_dict() for c in cards],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        head = (
            f"{'code':<6} {'region':<32} {'projects':>8} {'USD bn':>7} {'stalled':>8} "
            f"{'early':>6} {'conv.':>6} {'init.':>5} {'overdue':>7}  lagging"
        )
        self.stdout.write(head)
        for c in cards:

            def pct(x: float | None) -> str:
                return "—" if x is None else f"{x:.0%}"

            self.stdout.write(
                f"{c.code:<6} {c.name[:32]:<32} {c.projects:>8} "
                f"{c.investment_usd / 10**9:>7.2f} {pct(c.stalled_share):>8} "
                f"{pct(c.early_stage_share):>6} {pct(c.agreement_conversion):>6} "
                f"{c.initiatives_submitted:>5} {c.instructions_overdue:>7}  "
                f"{'LAGGING' if c.lagging else '-'}"
            )
        for c in cards:
            if c.lagging:
                self.stdout.write(f"\n{c.code} {c.name}:")
                for reason in c.reasons:
                    self.stdout.write(f"  - {reason}")

    def action_candidates(self, opts: dict[str, Any]) -> None:
        ini = Initiative.objects.filter(code=opts["code"].upper()).first()
        if ini is None:
            raise CommandError(f"unknown initiative {opts['code']!r} (expected e.g. INI-000001)")
        if opts["limit"] < 1:
            raise CommandError("--limit: expected a positive number")
        got = initiative_candidates(user=None, initiative=ini, limit=opts["limit"])
        if opts["json"]:
            self.stdout.write(json.dumps(got.to_json_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"{ini.code}: {ini.localized_title()}")
        self.stdout.write("Investors:")
        for c in got.investors:
            self.stdout.write(f"  {c.score:>4}  {c.organization.code}: {c.organization}")
            for r in c.reasons:
                self.stdout.write(f"          +{r.points:<3} {r.text}")
        self.stdout.write("Events:")
        for e in got.events:
            self.stdout.write(f"  {e.score:>4}  {e.event.starts_on} {e.event.slug}: {e.event}")
            for r in e.reasons:
                self.stdout.write(f"          +{r.points:<3} {r.text}")
