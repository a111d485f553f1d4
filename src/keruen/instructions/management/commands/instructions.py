"""`keruen instructions overdue|scorecard|remind`: the instructions given at meetings.

- `overdue [--json] [--today YYYY-MM-DD]`: instructions past their deadline (Asia/Almaty), not
  closed;
- `scorecard [--by executor|region] [--json]`: instructions, on-time rate, overdue, average delay;
- `remind [--enqueue] [--days N] [--json]`: send the due reminders now, or queue them for
  `keruen worker`. Each reminder goes out once, however often this runs.
"""

from __future__ import annotations

import json
from typing import Any

from keruen.core.commands import (
    ActionCommand,
    add_json_option,
    add_today_option,
    option_today,
    write_items,
    write_list,
)
from keruen.instructions.selectors import (
    instruction_overdue_items,
    instruction_scorecard_by_executor,
    instruction_scorecard_by_region,
)
from keruen.instructions.services import almaty_today

#: An overdue instruction as a line (its text cut at 60 characters).
OVERDUE_LINE = (
    "{number:<16} {deadline}  {days_overdue:>4} d  {status:<12} {lead_executor:<16} {text:.60}"
)


class Command(ActionCommand):
    help = "Instructions from meetings: overdue ones, executors' scorecards, reminders."

    def add_actions(self, sub: Any) -> None:
        od = sub.add_parser("overdue", help="instructions past their deadline and not closed")
        add_json_option(od)
        add_today_option(od)
        sc = sub.add_parser("scorecard", help="on-time rate, overdue, delay per executor/region")
        sc.add_argument("--by", choices=["executor", "region"], default="executor")
        add_json_option(sc)
        add_today_option(sc)
        rm = sub.add_parser("remind", help="send due reminders (in-app and email) once each")
        rm.add_argument("--enqueue", action="store_true", help="queue for `keruen worker`")
        rm.add_argument("--days", type=int, help="days before a deadline to remind (default 7)")
        add_today_option(rm)
        add_json_option(rm)

    def action_overdue(self, opts: dict[str, Any]) -> None:
        today = option_today(opts, almaty_today)
        items = instruction_overdue_items(user=None, today=today)
        header = f"{len(items)} overdue on {today.isoformat()} (Asia/Almaty)"
        write_list(self, items, as_json=opts["json"], header=header, line=OVERDUE_LINE.format_map)

    def action_scorecard(self, opts: dict[str, Any]) -> None:
        today = option_today(opts, almaty_today)
        select = (
            instruction_scorecard_by_region
            if opts["by"] == "region"
            else instruction_scorecard_by_executor
        )
        cards = [c.to_json_dict() for c in select(user=None, today=today)]
        if opts["json"]:
            write_items(self.stdout, cards)
            return
        self.stdout.write(
            f"{opts['by']:<16} {'total':>5} {'closed':>6} {'on time':>7} {'late':>4} "
            f"{'overdue':>7} {'on-time rate':>12} {'avg delay':>9}"
        )
        for c in cards:
            rate = f"{c['on_time_rate']:.0%}" if c["on_time_rate"] is not None else "—"
            delay = (
                f"{c['average_delay_days']:.1f} d" if c["average_delay_days"] is not None else "—"
            )
            self.stdout.write(
                f"{c['code']:<16} {c['instructions']:>5} {c['closed']:>6} {c['on_time']:>7} "
                f"{c['late']:>4} {c['overdue']:>7} {rate:>12} {delay:>9}"
            )

    def action_remind(self, opts: dict[str, Any]) -> None:
        from keruen.instructions.tasks import send_instruction_reminders

        args = {"today": option_today(opts, almaty_today).isoformat(), "days_before": opts["days"]}
        if opts["enqueue"]:
            result = send_instruction_reminders.enqueue(**args)
            out = {"enqueued": str(result.id)}
            self.stderr.write(f"Reminders queued (task {result.id}); `keruen worker` sends them.")
        else:
            out = send_instruction_reminders.call(**args)
            self.stderr.write(
                f"{len(out['sent'])} reminder(s) sent, {out['already_sent']} already sent before."
            )
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
