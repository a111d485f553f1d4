"""The executors' scorecard counted in SQL: the same figures as the rule applied one by one."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.accounts.models import Role
from keruen.instructions.models import Instruction
from keruen.instructions.selectors import Scorecard, instruction_scorecard_by_executor
from keruen.instructions.services import instruction_close, instruction_report
from tests.instructions.factories import instruction, ministry, user_with_role

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 10)


def _closed(lead, deadline: dt.date, *, reported: dt.date | None, closed: dt.date) -> None:
    i = instruction(lead_executor=lead, deadline=deadline)
    if reported is not None:
        instruction_report(actor=None, instruction=i, text="done", final=True, on=reported)
    instruction_close(actor=None, reason="done", instruction=i, on=closed)


def _by_rule(today: dt.date) -> list[Scorecard]:
    cards: dict[str, Scorecard] = {}
    for i in Instruction.objects.select_related("lead_executor").order_by("pk"):
        code = i.lead_executor.code
        cards.setdefault(code, Scorecard(code=code, name=i.lead_executor.name)).add(i, today)
    return sorted(cards.values(), key=lambda c: c.code)


def test_the_scorecard_counts_as_the_rule_does() -> None:
    moe, mof, mot = ministry(code="moe"), ministry(code="mof"), ministry(code="mot")
    _closed(moe, dt.date(2025, 8, 1), reported=dt.date(2025, 7, 30), closed=dt.date(2025, 8, 5))
    _closed(moe, dt.date(2025, 8, 1), reported=None, closed=dt.date(2025, 8, 4))  # 3 days late
    _closed(moe, dt.date(2025, 8, 1), reported=dt.date(2025, 8, 11), closed=dt.date(2025, 8, 12))
    instruction(lead_executor=moe, deadline=dt.date(2025, 9, 3))  # overdue 7 days
    instruction(lead_executor=moe, deadline=dt.date(2025, 9, 30))  # pending
    instruction(lead_executor=mof, deadline=dt.date(2025, 10, 1))  # pending only
    _closed(mot, dt.date(2025, 6, 30), reported=None, closed=dt.date(2025, 6, 30))  # on the day
    cards = instruction_scorecard_by_executor(user=None, today=TODAY)
    assert [c.to_json_dict() for c in cards] == [c.to_json_dict() for c in _by_rule(TODAY)]
    moe_card = cards[0]
    assert (moe_card.instructions, moe_card.closed, moe_card.on_time, moe_card.late) == (5, 3, 1, 2)
    assert (moe_card.overdue, moe_card.pending) == (1, 1)
    assert moe_card.on_time_rate == 0.25
    assert moe_card.average_delay_days == round((3 + 10 + 7) / 3, 1)
    assert (cards[1].on_time_rate, cards[1].average_delay_days) == (None, None)
    assert (cards[2].on_time_rate, cards[2].average_delay_days) == (1.0, None)


def test_the_scorecard_follows_the_readers_access() -> None:
    instruction(lead_executor=ministry(code="moe"), deadline=dt.date(2025, 9, 3))
    assert instruction_scorecard_by_executor(user=AnonymousUser(), today=TODAY) == []
    analyst = user_with_role(Role.ANALYST)
    assert [c.code for c in instruction_scorecard_by_executor(user=analyst, today=TODAY)] == ["moe"]


def test_the_scorecard_runs_the_same_queries_for_one_instruction_or_many() -> None:
    leads = [ministry(code=f"m{n}") for n in range(3)]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            instruction_scorecard_by_executor(user=None, today=TODAY)
        return len(ctx.captured_queries)

    instruction(lead_executor=leads[0], deadline=dt.date(2025, 9, 3))
    one = count()
    for n in range(12):
        instruction(lead_executor=leads[n % 3], deadline=dt.date(2025, 8, 1 + n))
    assert count() == one == 1
