"""The scheduler: each firing's slot is the same on every scheduler, and is enqueued once."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from keruen.ops import scheduler
from keruen.ops.models import ScheduledRun

ALMATY = ZoneInfo("Asia/Almaty")


def test_the_slot_is_the_last_scheduled_time_however_late_the_wake_up() -> None:
    trigger = CronTrigger.from_crontab("0 8 * * *", timezone=ALMATY)
    eight = dt.datetime(2026, 12, 7, 8, 0, tzinfo=ALMATY)
    for late in (dt.timedelta(0), dt.timedelta(seconds=2), dt.timedelta(minutes=40)):
        assert scheduler.latest_fire_time(trigger, eight + late) == eight
    assert scheduler.latest_fire_time(trigger, eight - dt.timedelta(seconds=1)) is None
    assert scheduler.latest_fire_time(trigger, eight + dt.timedelta(hours=2)) is None  # missed


def test_every_minute_slots_are_minutes() -> None:
    trigger = CronTrigger.from_crontab("* * * * *", timezone=ALMATY)
    now = dt.datetime(2026, 12, 7, 8, 5, 30, tzinfo=ALMATY)
    assert scheduler.latest_fire_time(trigger, now) == now.replace(second=0)


@pytest.mark.django_db
def test_several_schedulers_enqueue_a_firing_once() -> None:
    job = scheduler.jobs()[0]
    slot = dt.datetime(2026, 12, 7, 8, 0, tzinfo=ALMATY)
    first = scheduler.fire(job, slot)
    assert first is not None
    assert scheduler.fire(job, slot) is None  # a second scheduler, same slot
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().task_path == job.task
    assert ScheduledRun.objects.get().task_result_id == first
    assert scheduler.fire(job, slot + dt.timedelta(days=1)) is not None  # the next day's
    assert DBTaskResult.objects.count() == 2


def test_the_configured_jobs_load_their_tasks() -> None:
    sched = scheduler.build(BlockingScheduler(timezone=ALMATY))
    assert {j.id for j in sched.get_jobs()} == {
        "instruction-reminders",
        "daily-digest",
        "weekly-digest",
        "issue-escalation",
        "open-data",
    }
    for job in scheduler.jobs():
        assert job.load_task().name


def test_scheduler_list_prints_the_jobs(capsys) -> None:
    call_command("scheduler", "--list")
    assert "instruction-reminders" in capsys.readouterr().err


def _scheduler_once(now: str) -> str:
    out = io.StringIO()
    call_command("scheduler", "--once", "--now", now, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_scheduler_once_moves_the_clock_and_enqueues_what_is_due_once() -> None:
    _scheduler_once("2026-12-07T08:00:30")
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {
        "keruen.instructions.tasks.send_instruction_reminders",
        "keruen.notifications.tasks.send_daily_digests",
        "keruen.notifications.tasks.send_weekly_digests",  # 7 December 2026 is a Monday
        "keruen.portal.tasks.build_open_data",  # every quarter of an hour
    }
    assert _scheduler_once("2026-12-07T08:10").count("claimed already") == 4
    assert DBTaskResult.objects.count() == 4
    # By 12:07 only the quarter-hourly job has come round again (its 12:00 firing).
    out = _scheduler_once("2026-12-07T12:07")
    assert [line.split(":")[0] for line in out.splitlines()] == ["open-data"]
    assert DBTaskResult.objects.count() == 5
