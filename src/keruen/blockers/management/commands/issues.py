"""`keruen issues open|overdue|escalate`: blocking issues of projects.

- `open [--json] [--level L] [--region KZ-19]`: unresolved issues (open or in progress);
- `overdue [--json] [--today YYYY-MM-DD]`: unresolved issues past their required-by date;
- `escalate [--today YYYY-MM-DD] [--json]`: raise every overdue issue one level now (what the
  scheduler's `issue-escalation` job does daily).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keruen.blockers.models import Level
from keruen.blockers.payloads import issue_payload
from keruen.blockers.selectors import IssueFilters, issue_list
from keruen.blockers.services import issues_escalate
from keruen.core.commands import add_json_option, add_today_option, option_date, write_list
from keruen.instructions.services import almaty_today


def _issue_line(it: dict[str, Any]) -> str:
    return (
        f"#{it['id']:<5} {it['project']:<12} {it['category']:<12} {it['level']:<14} "
        f"{it['receiving_body']:<16} {it['required_by']}  {it['status']}"
    )


class Command(BaseCommand):
    help = "Blocking issues of projects: open ones, overdue ones, escalation up the ladder."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        op = sub.add_parser("open", help="unresolved issues (open or in progress)")
        od = sub.add_parser("overdue", help="unresolved issues past their required-by date")
        for p in (op, od):
            add_json_option(p)
            add_today_option(p)
            p.add_argument("--level", choices=[str(level) for level in Level])
            p.add_argument("--region", help="a region's ISO 3166-2 code, e.g. KZ-19")
        es = sub.add_parser("escalate", help="raise overdue issues one level now")
        add_today_option(es)
        add_json_option(es)

    def handle(self, *args: Any, **opts: Any) -> None:
        today = option_date(opts["today"], "--today") if opts.get("today") else almaty_today()
        if opts["action"] == "escalate":
            self.handle_escalate(today, opts)
        else:
            self.handle_list(today, opts)

    def handle_list(self, today: dt.date, opts: dict[str, Any]) -> None:
        filters = IssueFilters(
            unresolved=True,
            overdue=True if opts["action"] == "overdue" else None,
            level=opts["level"],
            region=(opts["region"] or "").upper() or None,
        )
        items = [
            issue_payload(i, today=today)
            for i in issue_list(user=None, filters=filters, today=today)
        ]
        header = f"{len(items)} {opts['action']} on {today.isoformat()} (Asia/Almaty)"
        write_list(self, items, as_json=opts["json"], header=header, line=_issue_line)

    def handle_escalate(self, today: dt.date, opts: dict[str, Any]) -> None:
        run = issues_escalate(today=today).to_json_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(run, ensure_ascii=False))
            return
        self.stderr.write(
            f"{len(run['escalated'])} issue(s) escalated, {run['at_top']} overdue at the top."
        )
