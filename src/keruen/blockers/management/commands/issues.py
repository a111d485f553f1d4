"""`keruen issues open|overdue|escalate`: blocking issues of projects.

- `open [--json] [--level L] [--region KZ-19]`: unresolved issues (open or in progress);
- `overdue [--json] [--today YYYY-MM-DD]`: unresolved issues past their required-by date;
- `escalate [--today YYYY-MM-DD] [--json]`: raise every overdue issue one level now (what the
  scheduler's `issue-escalation` job does daily).
"""

from __future__ import annotations

import json
from typing import Any

from keruen.blockers.models import Level
from keruen.blockers.payloads import issue_payload
from keruen.blockers.selectors import IssueFilters, issue_list
from keruen.blockers.services import issues_escalate
from keruen.core.commands import (
    ActionCommand,
    add_json_option,
    add_today_option,
    option_today,
    write_list,
)
from keruen.instructions.services import almaty_today

#: An issue as a line of `open` and `overdue`.
LINE = (
    "#{id:<5} {project:<12} {category:<12} {level:<14} {receiving_body:<16} {required_by}  {status}"
)


class Command(ActionCommand):
    help = "Blocking issues of projects: open ones, overdue ones, escalation up the ladder."

    def add_actions(self, sub: Any) -> None:
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

    def action_open(self, opts: dict[str, Any]) -> None:
        self.write_unresolved(opts, overdue=None)

    def action_overdue(self, opts: dict[str, Any]) -> None:
        self.write_unresolved(opts, overdue=True)

    def write_unresolved(self, opts: dict[str, Any], *, overdue: bool | None) -> None:
        today = option_today(opts, almaty_today)
        filters = IssueFilters(
            unresolved=True,
            overdue=overdue,
            level=opts["level"],
            region=(opts["region"] or "").upper() or None,
        )
        items = [
            issue_payload(i, today=today)
            for i in issue_list(user=None, filters=filters, today=today)
        ]
        header = f"{len(items)} {opts['action']} on {today.isoformat()} (Asia/Almaty)"
        write_list(self, items, as_json=opts["json"], header=header, line=LINE.format_map)

    def action_escalate(self, opts: dict[str, Any]) -> None:
        run = issues_escalate(today=option_today(opts, almaty_today)).to_json_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(run, ensure_ascii=False))
            return
        self.stderr.write(
            f"{len(run['escalated'])} issue(s) escalated, {run['at_top']} overdue at the top."
        )
