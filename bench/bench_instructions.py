"""Cost of the overdue list, the executors' scorecard and a reminder re-run, beside raw SQL.

Builds a throw-away SQLite database (its own KERUEN_HOME) with 20 state bodies and 1,000
instructions (a third closed, a third overdue, the rest pending), then times, in CPU seconds of
this process:

- `instruction_overdue_items` (the items of `keruen instructions overdue --json`) against one raw
  SQL query for the same rows;
- `instruction_scorecard_by_executor` against one raw SQL GROUP BY that counts the same figures;
- a second `instruction_remind` run (everything already sent: the cost of "exactly once").

    python -m bench instructions
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

BODIES = 20
INSTRUCTIONS = 1000
REPEAT = 10


def _cpu(fn, repeat: int = REPEAT) -> float:
    fn()  # warm
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def run() -> str:
    home = tempfile.mkdtemp(prefix="keruen-bench-instructions-")
    try:
        return _run(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(home: str) -> str:
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from keruen.instructions.models import Instruction
    from keruen.instructions.selectors import (
        instruction_overdue_items,
        instruction_scorecard_by_executor,
    )
    from keruen.instructions.services import (
        instruction_close,
        instruction_create,
        instruction_remind,
        instruction_report,
    )
    from keruen.parties.models import Organization
    from keruen.parties.services import organization_create

    today = dt.date(2026, 6, 1)
    bodies = [
        organization_create(
            actor=None, reason="bench", name=f"Ministry {n}", kind=Organization.Kind.MINISTRY
        )
        for n in range(BODIES)
    ]
    for n in range(INSTRUCTIONS):
        kind = n % 3
        deadline = today + dt.timedelta(days=(-30 - n % 60) if kind < 2 else 30 + n % 60)
        i = instruction_create(
            actor=None,
            reason="bench",
            text=f"Instruction {n}",
            lead_executor=bodies[n % BODIES],
            deadline=deadline,
        )
        if kind == 0:
            done = deadline + dt.timedelta(days=(n % 11) - 5)
            instruction_report(actor=None, instruction=i, text="done", final=True, on=done)
            instruction_close(actor=None, reason="done", instruction=i, on=done)

    def keruen_overdue() -> int:
        return len(instruction_overdue_items(user=None, today=today))

    def raw_overdue() -> int:
        with connection.cursor() as c:
            c.execute(
                "SELECT i.id, i.number, i.text, i.deadline, i.status, o.code "
                "FROM instructions_instruction i JOIN parties_organization o "
                "ON o.id = i.lead_executor_id WHERE i.deadline < %s AND i.status <> 'closed' "
                "ORDER BY i.deadline, i.number",
                [today],
            )
            return len(c.fetchall())

    def keruen_scorecard() -> int:
        return len(instruction_scorecard_by_executor(user=None, today=today))

    def raw_scorecard() -> int:
        with connection.cursor() as c:
            c.execute(
                "SELECT lead_executor_id, COUNT(*), "
                "SUM(status = 'closed'), "
                "SUM(status = 'closed' AND COALESCE(reported_on, closed_on) <= deadline), "
                "SUM(status <> 'closed' AND deadline < %s) "
                "FROM instructions_instruction GROUP BY lead_executor_id",
                [today],
            )
            return len(c.fetchall())

    assert keruen_overdue() == raw_overdue()
    assert keruen_scorecard() == raw_scorecard()
    first_start = time.process_time()
    sent = len(instruction_remind(today=today).sent)
    first = time.process_time() - first_start
    rerun = _cpu(lambda: instruction_remind(today=today), repeat=3)
    rows = [
        ("overdue list (CLI items)", _cpu(keruen_overdue), _cpu(raw_overdue)),
        ("scorecard per executor", _cpu(keruen_scorecard), _cpu(raw_scorecard)),
    ]
    overdue_n = Instruction.objects.filter(deadline__lt=today).exclude(status="closed").count()
    lines = [
        "## Instructions",
        "",
        f"{INSTRUCTIONS:,} instructions of {BODIES} bodies, {overdue_n} overdue; SQLite; CPU "
        "seconds per call of this process.",
        "",
        "| what | Keruen | raw SQL | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name, k, r in rows:
        lines.append(f"| {name} | {k * 1000:.1f} ms | {r * 1000:.2f} ms | {k / r:.0f}× |")
    lines += [
        "",
        f"Reminders: the first run sent {sent} ({first * 1000:.0f} ms, "
        f"{first / max(sent, 1) * 1000:.2f} ms each, no recipients configured); a re-run that "
        f"finds every one already sent takes {rerun * 1000:.0f} ms "
        f"({rerun / max(sent, 1) * 1000:.2f} ms per instruction checked).",
    ]
    return "\n".join(lines)
