import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from keruen.accounts.models import Role
from keruen.instructions.models import (
    Instruction,
    InstructionExtension,
    Notification,
    ReminderSent,
)
from keruen.instructions.services import (
    Upload,
    almaty_today,
    instruction_close,
    instruction_create,
    instruction_escalate,
    instruction_extend,
    instruction_remind,
    instruction_report,
    instruction_return,
    instruction_start,
    instruction_update,
    is_overdue,
)
from tests.factories import OrganizationFactory
from tests.instructions.factories import (
    akimat,
    coordinator,
    instruction,
    meeting,
    ministry,
    user_with_role,
)

pytestmark = pytest.mark.django_db

S = Instruction.Status


# --- create / update ---


def test_create_numbers_and_links_and_records_history() -> None:
    boss = coordinator(username="boss")
    m = meeting()
    lead, co = ministry(), akimat("KZ-19")
    i = instruction_create(
        actor=boss,
        reason="meeting minutes",
        text="Do it",
        lead_executor=lead.code,
        co_executors=[co],
        regions=["KZ-19"],
        event=m,
        deadline=dt.date(2025, 9, 1),
    )
    assert i.number.startswith("I-") and i.status == S.OPEN
    assert list(i.co_executors.all()) == [co]
    assert [r.code for r in i.regions.all()] == ["KZ-19"]
    row = i.history.get()
    assert row.history_user == boss and row.history_change_reason == "meeting minutes"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": "  "}, "text"),
        ({"lead_executor": "no-such-body"}, "lead_executor"),
        ({"regions": ["KZ-99"]}, "regions"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_rejects_bad_input_naming_the_field(values: dict, field: str) -> None:
    base = {"text": "Do it", "lead_executor": ministry(), "deadline": dt.date(2025, 9, 1)}
    with pytest.raises(ValidationError) as e:
        instruction_create(actor=None, reason="t", **{**base, **values})
    assert field in e.value.message_dict


def test_create_rejects_a_company_as_lead_and_a_forum_as_meeting() -> None:
    with pytest.raises(ValidationError) as e:
        instruction(lead_executor=OrganizationFactory())
    assert "lead_executor" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        instruction(event=meeting(kind="forum"))
    assert "event" in e.value.message_dict


def test_create_rejects_lead_as_co_executor_and_taken_number() -> None:
    lead = ministry()
    with pytest.raises(ValidationError) as e:
        instruction(lead_executor=lead, co_executors=[lead])
    assert "co_executors" in e.value.message_dict
    instruction(number="1/2025")
    with pytest.raises(ValidationError) as e:
        instruction(number="1/2025")
    assert "number" in e.value.message_dict


def test_only_coordinators_create() -> None:
    org = ministry()
    officer = user_with_role(Role.AGENCY_OFFICER, organization=org)
    with pytest.raises(PermissionDenied):
        instruction(actor=officer, lead_executor=org)


def test_update_changes_text_but_not_deadline() -> None:
    i = instruction()
    _, changed = instruction_update(actor=None, reason="typo", instruction=i, text="Better text")
    assert changed and i.history.count() == 2
    _, changed = instruction_update(actor=None, reason="again", instruction=i, text="Better text")
    assert not changed and i.history.count() == 2
    with pytest.raises(ValidationError) as e:
        instruction_update(actor=None, reason="x", instruction=i, deadline=dt.date(2026, 1, 1))
    assert "deadline" in e.value.message_dict


# --- the status machine ---


def test_full_path_open_in_progress_reported_closed() -> None:
    i = instruction()
    instruction_start(actor=None, instruction=i)
    assert i.status == S.IN_PROGRESS
    instruction_report(actor=None, instruction=i, text="Done", final=True, on=dt.date(2025, 8, 1))
    assert i.status == S.REPORTED and i.reported_on == dt.date(2025, 8, 1)
    instruction_close(actor=None, reason="executed", instruction=i, on=dt.date(2025, 8, 5))
    i.refresh_from_db()
    assert i.status == S.CLOSED and i.close_reason == "executed"
    assert i.closed_on == dt.date(2025, 8, 5)
    assert [h.status for h in i.history.order_by("history_date")] == [
        S.OPEN,
        S.IN_PROGRESS,
        S.REPORTED,
        S.CLOSED,
    ]


def test_illegal_transitions_are_refused_with_a_clear_message() -> None:
    i = instruction()
    instruction_start(actor=None, instruction=i)
    with pytest.raises(ValidationError) as e:
        instruction_start(actor=None, instruction=i)
    msg = e.value.message_dict["status"][0]
    assert "in_progress" in msg and "allowed next" in msg
    with pytest.raises(ValidationError):
        instruction_return(actor=None, reason="more", instruction=i)  # not reported yet
    instruction_close(actor=None, reason="withdrawn", instruction=i)
    for action in (
        lambda: instruction_start(actor=None, instruction=i),
        lambda: instruction_close(actor=None, reason="again", instruction=i),
        lambda: instruction_report(actor=None, instruction=i, text="late news"),
        lambda: instruction_extend(
            actor=None, reason="x", instruction=i, new_deadline=dt.date(2026, 1, 1)
        ),
        lambda: instruction_escalate(actor=None, reason="x", instruction=i),
        lambda: instruction_update(actor=None, reason="x", instruction=i, text="new"),
    ):
        with pytest.raises(ValidationError):
            action()


def test_close_needs_a_reason() -> None:
    i = instruction()
    with pytest.raises(ValidationError) as e:
        instruction_close(actor=None, reason=" ", instruction=i)
    assert "reason" in e.value.message_dict
    assert Instruction.objects.get(pk=i.pk).status == S.OPEN


def test_first_report_starts_an_open_instruction_and_return_reopens() -> None:
    i = instruction()
    instruction_report(actor=None, instruction=i, text="Working group set up")
    assert i.status == S.IN_PROGRESS
    instruction_report(actor=None, instruction=i, text="Done", final=True)
    instruction_return(actor=None, reason="incomplete", instruction=i)
    assert i.status == S.IN_PROGRESS and i.reported_on is None


def test_report_keeps_links_and_attachments(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    i = instruction()
    r = instruction_report(
        actor=None,
        instruction=i,
        text="See the minutes",
        links=["https://example.org/minutes"],
        files=[Upload("minutes.txt", ContentFile(b"minutes"))],
    )
    assert r.links == ["https://example.org/minutes"]
    a = r.attachments.get()
    assert a.name == "minutes.txt" and (tmp_path / a.file.name).read_bytes() == b"minutes"
    with pytest.raises(ValidationError) as e:
        instruction_report(actor=None, instruction=i, text="x", links=["not a link"])
    assert "links" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        instruction_report(actor=None, instruction=i, text="")
    assert "text" in e.value.message_dict


# --- extensions ---


def test_extensions_move_the_deadline_and_are_all_kept() -> None:
    boss = coordinator()
    i = instruction(deadline=dt.date(2025, 9, 1))
    instruction_extend(
        actor=boss, reason="investor late", instruction=i, new_deadline=dt.date(2025, 10, 1)
    )
    instruction_extend(actor=boss, reason="again", instruction=i, new_deadline=dt.date(2025, 11, 1))
    assert Instruction.objects.get(pk=i.pk).deadline == dt.date(2025, 11, 1)
    ext = list(InstructionExtension.objects.filter(instruction=i).order_by("pk"))
    assert [(e.previous_deadline, e.new_deadline, e.reason) for e in ext] == [
        (dt.date(2025, 9, 1), dt.date(2025, 10, 1), "investor late"),
        (dt.date(2025, 10, 1), dt.date(2025, 11, 1), "again"),
    ]
    assert all(e.approved_by == boss for e in ext)


def test_extension_must_move_forward_with_a_reason() -> None:
    i = instruction(deadline=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError) as e:
        instruction_extend(actor=None, reason="x", instruction=i, new_deadline=dt.date(2025, 9, 1))
    assert "new_deadline" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        instruction_extend(actor=None, reason="", instruction=i, new_deadline=dt.date(2025, 10, 1))
    assert "reason" in e.value.message_dict
    assert not InstructionExtension.objects.exists()


def test_extension_takes_an_instruction_off_the_overdue_list() -> None:
    i = instruction(deadline=dt.date(2025, 9, 1))
    assert is_overdue(i, dt.date(2025, 9, 2))
    instruction_extend(actor=None, reason="x", instruction=i, new_deadline=dt.date(2025, 10, 1))
    assert not is_overdue(i, dt.date(2025, 9, 2))


# --- escalation ---


def test_escalate_and_withdraw() -> None:
    i = instruction()
    instruction_escalate(actor=None, reason="overdue", instruction=i)
    assert i.escalated and i.escalation_reason == "overdue"
    instruction_escalate(actor=None, reason="", instruction=i, escalated=False)
    assert not i.escalated
    with pytest.raises(ValidationError):
        instruction_escalate(actor=None, reason="", instruction=i)


# --- overdue across the time-zone boundary ---


def test_today_is_almatys_date_not_utcs() -> None:
    evening_utc = dt.datetime(2025, 7, 1, 20, 0, tzinfo=dt.UTC)
    assert almaty_today(evening_utc) == dt.date(2025, 7, 2)
    assert almaty_today(dt.datetime(2025, 7, 1, 18, 59, tzinfo=dt.UTC)) == dt.date(2025, 7, 1)


def test_overdue_starts_at_almaty_midnight(monkeypatch) -> None:
    from django.utils import timezone

    from keruen.instructions.selectors import instruction_overdue

    i = instruction(deadline=dt.date(2025, 7, 1))
    # 18:30 UTC on 1 July is 23:30 in Almaty (UTC+5): still the deadline day.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 1, 18, 30, tzinfo=dt.UTC))
    assert not is_overdue(i)
    assert not instruction_overdue(user=None).exists()
    # 20:00 UTC on 1 July is already 2 July in Almaty: overdue, though UTC still says 1 July.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 1, 20, 0, tzinfo=dt.UTC))
    assert is_overdue(i)
    assert list(instruction_overdue(user=None)) == [i]


# --- permissions ---


def test_agency_officer_reports_on_own_but_cannot_close_or_extend() -> None:
    org = ministry()
    officer = user_with_role(Role.AGENCY_OFFICER, organization=org)
    i = instruction(lead_executor=org)
    r = instruction_report(actor=officer, instruction=i, text="On it")
    assert r.organization == org and r.author == officer
    with pytest.raises(PermissionDenied):
        instruction_close(actor=officer, reason="done", instruction=i)
    with pytest.raises(PermissionDenied):
        instruction_extend(
            actor=officer, reason="x", instruction=i, new_deadline=dt.date(2026, 1, 1)
        )


def test_officer_of_another_body_cannot_see_report_or_close() -> None:
    i = instruction(lead_executor=ministry())
    stranger = user_with_role(Role.AGENCY_OFFICER, organization=ministry())
    for action in (
        lambda: instruction_close(actor=stranger, reason="not mine", instruction=i),
        lambda: instruction_report(actor=stranger, instruction=i, text="not mine"),
        lambda: instruction_start(actor=stranger, instruction=i),
    ):
        with pytest.raises(Instruction.DoesNotExist):
            action()
    assert Instruction.objects.get(pk=i.pk).status == S.OPEN


def test_co_executor_and_regional_editor_may_report() -> None:
    co = ministry()
    i = instruction(co_executors=[co], lead_executor=akimat("KZ-10"))
    officer = user_with_role(Role.AGENCY_OFFICER, organization=co)
    editor = user_with_role(Role.REGIONAL_EDITOR, regions=("KZ-10",))
    other_editor = user_with_role(Role.REGIONAL_EDITOR, regions=("KZ-71",))
    instruction_report(actor=officer, instruction=i, text="co-executor's part done")
    instruction_report(actor=editor, instruction=i, text="akimat's part done")
    with pytest.raises(Instruction.DoesNotExist):
        instruction_report(actor=other_editor, instruction=i, text="not mine")


# --- reminders ---


def test_reminders_go_out_exactly_once_however_often_the_job_runs() -> None:
    org = ministry()
    officer = user_with_role(Role.AGENCY_OFFICER, organization=org, email="officer@example.org")
    user_with_role(Role.AGENCY_OFFICER, organization=ministry(), email="other@example.org")
    soon = instruction(lead_executor=org, deadline=dt.date(2025, 9, 5))
    late = instruction(lead_executor=org, deadline=dt.date(2025, 8, 20))
    instruction(lead_executor=org, deadline=dt.date(2025, 12, 1))  # not yet
    today = dt.date(2025, 9, 1)

    first = instruction_remind(today=today, days_before=7)
    assert sorted((s["number"], s["kind"]) for s in first.sent) == sorted(
        [(soon.number, "due_soon"), (late.number, "overdue")]
    )
    assert len(mail.outbox) == 2 and all(m.to == ["officer@example.org"] for m in mail.outbox)
    assert Notification.objects.filter(recipient=officer).count() == 2

    for _ in range(3):
        again = instruction_remind(today=today, days_before=7)
        assert again.sent == [] and again.already_sent == 2
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2

    # the next day the approaching one is overdue: one more reminder, of the other kind
    instruction_remind(today=dt.date(2025, 9, 6), days_before=7)
    assert len(mail.outbox) == 3 and "overdue" in mail.outbox[-1].subject


def test_an_extension_earns_new_reminders_and_closed_ones_get_none() -> None:
    i = instruction(deadline=dt.date(2025, 8, 20))
    instruction_remind(today=dt.date(2025, 9, 1))
    instruction_extend(actor=None, reason="x", instruction=i, new_deadline=dt.date(2025, 9, 3))
    again = instruction_remind(today=dt.date(2025, 9, 1), days_before=7)
    assert [s["kind"] for s in again.sent] == ["due_soon"]
    instruction_close(actor=None, reason="done", instruction=i)
    assert instruction_remind(today=dt.date(2025, 9, 10)).sent == []


def test_a_failing_email_leaves_the_reminder_to_the_next_run(monkeypatch) -> None:
    from keruen.instructions import services

    org = ministry()
    user_with_role(Role.AGENCY_OFFICER, organization=org, email="officer@example.org")
    instruction(lead_executor=org, deadline=dt.date(2025, 8, 20))

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        instruction_remind(today=dt.date(2025, 9, 1))
    assert not ReminderSent.objects.exists() and not Notification.objects.exists()
    monkeypatch.undo()
    assert len(instruction_remind(today=dt.date(2025, 9, 1)).sent) == 1


def test_reminder_task_runs_the_same_work() -> None:
    from keruen.instructions.tasks import send_instruction_reminders

    instruction(deadline=dt.date(2025, 8, 20))
    out = send_instruction_reminders.call(today="2025-09-01")
    assert [s["kind"] for s in out["sent"]] == ["overdue"]
    assert send_instruction_reminders.call(today="2025-09-01")["already_sent"] == 1
