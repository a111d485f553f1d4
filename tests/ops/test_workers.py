"""A worker's heartbeat, and the tasks of a worker that died: run again once, then failed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
from django.utils import timezone

from keruen.ops import services


def _running(worker_ids: list[str]) -> Any:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from keruen.notifications.tasks import send_daily_digests

    result = DBTaskResult.objects.get(pk=send_daily_digests.enqueue().id)
    result.status = TaskResultStatus.RUNNING
    result.worker_ids = worker_ids
    result.started_at = timezone.now()
    result.save()
    return result


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.django_db
def test_a_dead_workers_task_goes_back_on_the_queue_once_then_fails() -> None:
    from keruen.ops.models import WorkerHeartbeat

    once = _running(["gone"])
    twice = _running(["gone-too", "gone"])
    alive = _running(["busy"])
    services.worker_beat(worker_id="busy")
    services.worker_beat(worker_id="gone")
    WorkerHeartbeat.objects.filter(worker_id="gone").update(pid=_dead_pid())

    recovery = services.tasks_orphaned_recover()
    assert recovery.requeued == [str(once.pk)] and recovery.failed == [str(twice.pk)]
    for r in (once, twice, alive):
        r.refresh_from_db()
    assert (once.status, twice.status, alive.status) == ("READY", "FAILED", "RUNNING")
    assert services.tasks_orphaned_recover() == services.Recovery([], [])


@pytest.mark.django_db
def test_a_worker_silent_past_its_lease_is_taken_for_dead_on_any_host() -> None:
    from keruen.ops.models import WorkerHeartbeat

    task = _running(["far"])
    services.worker_beat(worker_id="far")
    WorkerHeartbeat.objects.filter(worker_id="far").update(host="elsewhere")
    assert services.tasks_orphaned_recover().requeued == []
    later = timezone.now() + services.WORKER_LEASE + dt.timedelta(seconds=1)
    assert services.tasks_orphaned_recover(now=later).requeued == [str(task.pk)]
