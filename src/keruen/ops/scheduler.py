"""The scheduler: APScheduler's cron triggers put Keruen's periodic work on the task queue.

`keruen scheduler` runs it; `keruen worker` runs the tasks. Several schedulers may run (one per
host, for resilience): each firing is claimed in the database (`scheduled_run_enqueue`), so the
task is enqueued once. The scheduler itself does no work but enqueueing, and keeps no state but
that claim: restart it, or run it anywhere, at will.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections
from django_tasks.base import Task

from keruen.ops.services import scheduled_run_enqueue

log = logging.getLogger("keruen.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # the dotted path of a django-tasks task
    cron: str  # crontab syntax, in the TIME_ZONE (Asia/Almaty)

    def load_task(self) -> Task[Any, Any]:
        module, _, attribute = self.task.rpartition(".")
        task: Task[Any, Any] = getattr(import_module(module), attribute)
        return task


def jobs() -> list[Job]:
    return [Job(name, task, cron) for name, (task, cron) in settings.KERUEN_SCHEDULE.items()]


def fire(job: Job, slot: dt.datetime) -> str | None:
    """One firing: enqueue the job's task for `slot` unless another scheduler did."""
    task_id = scheduled_run_enqueue(job=job.name, slot=slot, task=job.load_task())
    log.info(
        "scheduled job fired",
        extra={
            "event": {
                "event": "scheduler.fire",
                "job": job.name,
                "slot": slot.isoformat(),
                "enqueued": task_id or "",
                "claimed_elsewhere": task_id is None,
            }
        },
    )
    return task_id


#: A firing that comes later than this (the host slept, the scheduler was down) is dropped.
MISFIRE_GRACE = dt.timedelta(hours=1)


def build(scheduler: BlockingScheduler) -> BlockingScheduler:
    for job in jobs():
        trigger = CronTrigger.from_crontab(job.cron, timezone=settings.TIME_ZONE)
        scheduler.add_job(
            _fire_now,
            trigger,
            args=[job, trigger],
            id=job.name,
            coalesce=True,
            misfire_grace_time=int(MISFIRE_GRACE.total_seconds()),
            max_instances=1,
        )
    return scheduler


def latest_fire_time(trigger: CronTrigger, now: dt.datetime) -> dt.datetime | None:
    """The trigger's last scheduled time at or before `now` (within the grace): the slot a
    firing stands for, the same on every scheduler whenever each of them wakes up."""
    latest = None
    slot = trigger.get_next_fire_time(None, now - MISFIRE_GRACE)
    while slot is not None and slot <= now:
        latest = slot
        slot = trigger.get_next_fire_time(slot, slot + dt.timedelta(seconds=1))
    return latest


def _fire_now(job: Job, trigger: CronTrigger) -> None:
    close_old_connections()  # a long-lived process: drop a connection the database closed
    now = dt.datetime.now(trigger.timezone)
    slot = latest_fire_time(trigger, now)
    if slot is not None:
        fire(job, slot)


def fire_due(now: dt.datetime) -> dict[str, str | None]:
    """`keruen scheduler --once`: fire each job whose time came at or before `now` (within the
    grace), as the running scheduler would have; job name → enqueued task id (None: claimed
    already, by another scheduler or an earlier run)."""
    fired: dict[str, str | None] = {}
    for job in jobs():
        trigger = CronTrigger.from_crontab(job.cron, timezone=settings.TIME_ZONE)
        slot = latest_fire_time(trigger, now.astimezone(trigger.timezone))
        if slot is not None:
            fired[job.name] = fire(job, slot)
    return fired
