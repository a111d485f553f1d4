"""`keruen scheduler [--list]`: put periodic work on the task queue at its times."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand

from keruen.ops import scheduler


class Command(BaseCommand):
    help = (
        "Run the scheduler: at each job's time (KERUEN_SCHEDULE, cron syntax, Asia/Almaty) it "
        "enqueues the job's task for `keruen worker`. Several may run; each firing is enqueued "
        "once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="print the jobs and exit")

    def handle(self, *args: Any, **opts: Any) -> None:
        sched = scheduler.build(BlockingScheduler(timezone=settings.TIME_ZONE))
        jobs = sched.get_jobs()
        for job in jobs:
            self.stderr.write(f"{job.id}: {job.trigger} -> {job.args[0].task}")
        if opts["list"]:
            return
        self.stderr.write("Scheduler running (Ctrl+C stops it).")
        try:
            sched.start()
        except (KeyboardInterrupt, SystemExit):
            self.stderr.write("Scheduler stopped.")
