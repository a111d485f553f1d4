"""`keruen scheduler [--list] [--once] [--now ISO-DATETIME]`: put periodic work on the task queue
at its times."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from keruen.ops import scheduler


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date and time: {value!r}") from e
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, ZoneInfo(settings.TIME_ZONE))
    return moment


class Command(BaseCommand):
    help = (
        "Run the scheduler: at each job's time (KERUEN_SCHEDULE, cron syntax, Asia/Almaty) it "
        "enqueues the job's task for `keruen worker`. Several may run; each firing is enqueued "
        "once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="print the jobs and exit")
        parser.add_argument(
            "--once",
            action="store_true",
            help="enqueue what is due now (its time came within the last hour), then exit",
        )
        parser.add_argument(
            "--now",
            type=_moment,
            help="with --once: the moment to judge by (ISO 8601; Asia/Almaty unless it says)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        sched = scheduler.build(BlockingScheduler(timezone=settings.TIME_ZONE))
        jobs = sched.get_jobs()
        for job in jobs:
            self.stderr.write(f"{job.id}: {job.trigger} -> {job.args[0].task}")
        if opts["list"]:
            return
        if opts["once"]:
            for name, task_id in scheduler.fire_due(opts["now"] or timezone.now()).items():
                self.stdout.write(f"{name}: {task_id or 'claimed already'}")
            return
        if opts["now"]:
            raise CommandError("--now goes with --once")
        self.stderr.write("Scheduler running (Ctrl+C stops it).")
        try:
            sched.start()
        except (KeyboardInterrupt, SystemExit):
            self.stderr.write("Scheduler stopped.")
