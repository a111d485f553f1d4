"""The demo meeting's charges: done on time, late, overdue today, still to come."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from keruen.instructions.models import Instruction
from keruen.instructions.selectors import (
    instruction_overdue,
    instruction_overdue_counts_by_region,
    instruction_scorecard_by_executor,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

REGIONS = {"KZ-19", "KZ-10", "KZ-63", "KZ-27", "KZ-71", "KZ-43", "KZ-61"}


def test_demo_meeting_charges_the_akimats_it_named_and_the_ministries(demo) -> None:
    rows = Instruction.objects.filter(event=demo.meeting)
    leads = {i.lead_executor.code for i in rows}
    assert {f"akimat-{c.lower()}" for c in REGIONS} <= leads
    assert {"mfa", "mic", "moa", "moe", "mot", "kazakh-invest"} <= leads
    real = rows.get(number="25.06.2025/1")
    assert "charged to ensure the development of the agreements signed" in real.text
    assert not real.is_illustrative
    assert all(i.is_illustrative for i in rows.exclude(pk=real.pk))


def test_demo_has_on_time_late_and_overdue_relative_to_today(demo) -> None:
    overdue = list(instruction_overdue(user=None, today=demo.today))
    assert overdue and all(i.deadline < demo.today for i in overdue)
    cards = {c.code: c for c in instruction_scorecard_by_executor(user=None, today=demo.today)}
    assert sum(c.on_time for c in cards.values()) >= 3
    assert sum(c.late for c in cards.values()) >= 2
    assert cards["akimat-kz-19"].on_time_rate == 1.0
    assert cards["mot"].overdue == 1 and cards["mot"].on_time_rate == 0.0
    counts = instruction_overdue_counts_by_region(today=demo.today)
    assert set(counts) <= REGIONS and counts.get("KZ-63") == 1


def test_demo_cli_json(demo) -> None:
    out = StringIO()
    call_command("instructions", "overdue", "--json", "--today", demo.today.isoformat(), stdout=out)
    items = json.loads(out.getvalue())["items"]
    assert items and all(i["deadline"] < demo.today.isoformat() for i in items)
    assert {"id", "number", "deadline", "status", "lead_executor"} <= set(items[0])
    out = StringIO()
    call_command("instructions", "scorecard", "--json", stdout=out)
    assert all("on_time_rate" in c for c in json.loads(out.getvalue())["items"])
