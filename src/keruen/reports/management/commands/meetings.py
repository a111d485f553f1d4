"""`keruen meetings list|freeze`: meetings and their data freeze.

- `list [--json]`: every meeting (`id` = its code, `title`, `date`, `frozen`, `frozen_at`);
- `freeze MEETING`: store the meeting's briefs as they are now, so that
  `keruen brief --as-of-meeting MEETING` renders them again exactly later.
"""

from __future__ import annotations

from typing import Any

from keruen.core.commands import ActionCommand, add_json_option, write_items
from keruen.reports.meetings import meeting_freeze, meeting_get, meeting_rows


class Command(ActionCommand):
    help = "Meetings: list them, and freeze a meeting's figures (its briefs) for the record."

    def add_actions(self, sub: Any) -> None:
        ls = sub.add_parser("list", help="meetings, newest first, and whether each is frozen")
        add_json_option(ls)
        fr = sub.add_parser("freeze", help="freeze a meeting's briefs")
        fr.add_argument("meeting", metavar="MEETING", help="the meeting's code (event slug)")

    def action_list(self, opts: dict[str, Any]) -> None:
        rows = meeting_rows()
        if opts["json"]:
            write_items(self.stdout, rows)
            return
        for r in rows:
            mark = "frozen" if r["frozen"] else ""
            self.stdout.write(f"{r['date'] or '':<10}  {r['id']:<40} {mark:<7} {r['title']}")

    def action_freeze(self, opts: dict[str, Any]) -> None:
        snapshots = meeting_freeze(actor=None, event=meeting_get(opts["meeting"]))
        self.stderr.write(f"Froze {len(snapshots)} briefs of meeting {opts['meeting']}.")
