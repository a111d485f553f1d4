import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.accounts.models import Role
from keruen.instructions.models import ReminderSent
from keruen.instructions.services import instruction_close, instruction_report
from tests.instructions.factories import instruction, ministry, user_with_role

pytestmark = pytest.mark.django_db

TODAY = "2025-09-10"


def run(*args: str) -> str:
    out = StringIO()
    call_command("instructions", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def charges():
    lead = ministry(code="moe")
    late = instruction(lead_executor=lead, number="1", deadline=dt.date(2025, 9, 1))
    done = instruction(lead_executor=lead, number="2", deadline=dt.date(2025, 9, 5))
    instruction_report(actor=None, instruction=done, text="ok", final=True, on=dt.date(2025, 9, 4))
    instruction_close(actor=None, reason="done", instruction=done, on=dt.date(2025, 9, 6))
    instruction(lead_executor=lead, number="3", deadline=dt.date(2025, 12, 1))
    return late


def test_overdue_json_lists_past_deadlines_with_the_lead_code(charges) -> None:
    data = json.loads(run("overdue", "--json", "--today", TODAY))
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == charges.pk and item["number"] == "1"
    assert item["deadline"] == "2025-09-01" and item["deadline"] < TODAY
    assert item["status"] == "open" and item["lead_executor"] == "moe"
    assert item["days_overdue"] == 9


def test_overdue_text(charges) -> None:
    assert "moe" in run("overdue", "--today", TODAY)


def test_scorecard_json_has_on_time_rate(charges) -> None:
    data = json.loads(run("scorecard", "--json", "--today", TODAY))
    (card,) = data["items"]
    assert card["code"] == "moe" and card["instructions"] == 3
    assert card["on_time"] == 1 and card["overdue"] == 1 and card["pending"] == 1
    assert card["on_time_rate"] == 0.5 and card["average_delay_days"] == 9.0
    assert "50%" in run("scorecard", "--today", TODAY)


def test_scorecard_by_region(charges) -> None:
    data = json.loads(run("scorecard", "--by", "region", "--json", "--today", TODAY))
    assert data["items"] == []  # a ministry has no region and none is linked


def test_bad_date_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("overdue", "--today", "tomorrow")


def test_remind_runs_once(charges) -> None:
    user_with_role(Role.AGENCY_OFFICER, organization=charges.lead_executor, email="o@example.org")
    first = json.loads(run("remind", "--json", "--today", TODAY))
    assert [s["kind"] for s in first["sent"]] == ["overdue"] and len(mail.outbox) == 1
    second = json.loads(run("remind", "--json", "--today", TODAY))
    assert second["sent"] == [] and second["already_sent"] == 1 and len(mail.outbox) == 1


def test_remind_enqueue_then_worker_sends(charges, monkeypatch) -> None:
    from django_tasks_db.management.commands import db_worker

    # The worker closes "old" connections between tasks; inside a test's transaction that would
    # close the test's own connection (PostgreSQL).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    data = json.loads(run("remind", "--enqueue", "--json", "--today", TODAY))
    assert data["enqueued"]
    assert not ReminderSent.objects.exists()
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert ReminderSent.objects.filter(instruction=charges, kind="overdue").count() == 1


def test_the_overdue_list_runs_the_same_queries_for_one_instruction_or_many() -> None:
    """`instructions overdue --json` reads plain rows: more instructions add no query."""
    lead, co = ministry(code="moe"), ministry(code="mof")

    def overdue_json() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as ctx:
            data = json.loads(run("overdue", "--json", "--today", TODAY))
        return len(ctx.captured_queries), data

    instruction(lead_executor=lead, number="0", co_executors=[co])
    n_one, one = overdue_json()
    for n in range(1, 15):
        instruction(lead_executor=lead, number=str(n), co_executors=[co] if n % 2 else [])
    n_many, many = overdue_json()
    assert n_one == n_many
    assert (one["count"], many["count"]) == (1, 15)
    assert one["items"][0]["co_executors"] == ["mof"]
    assert sum(item["co_executors"] == ["mof"] for item in many["items"]) == 8
