"""`keruen worker [--once]`: run the background task queue (django-tasks' database backend).

Delegates to django_tasks_db's `db_worker` with the same options (`--batch`, `--queue-name`,
`--interval`, `--max-tasks`, ...); `--once` works off what is queued (and what that enqueues),
then exits. Each worker beats in the database; at its start and at each beat it hands the tasks
of a dead worker to the queue again, once (`tasks_orphaned_recover`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from keruen.ops.services import (
    WORKER_HEARTBEAT,
    tasks_orphaned_recover,
    worker_beat,
    worker_retire,
)

log = logging.getLogger("keruen.worker")


def _recover() -> None:
    recovery = tasks_orphaned_recover()
    if recovery.requeued or recovery.failed:
        log.warning(
            "tasks of a dead worker recovered",
            extra={"event": {"requeued": recovery.requeued, "failed": recovery.failed}},
        )


class _Heart(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="keruen-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(WORKER_HEARTBEAT.total_seconds()):
            try:
                close_old_connections()
                worker_beat(worker_id=self.worker_id)
                _recover()
            except Exception:  # a database away for a moment: beat again next time
                log.exception("worker heartbeat failed")
            finally:
                connection.close()


class Command(DbWorkerCommand):
    help = "Run the background task worker (notifications, reminders, digests, webhooks)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--once",
            action="store_true",
            dest="batch",
            help="run every queued task (and what they enqueue), then exit (as --batch)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        worker_id = opts["worker_id"]
        worker_beat(worker_id=worker_id)
        _recover()
        heart = _Heart(worker_id)
        heart.start()
        try:
            super().handle(*args, **opts)
        finally:
            heart.stopped.set()
            worker_retire(worker_id=worker_id)
