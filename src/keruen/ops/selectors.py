"""Reads of operations: readiness, the task queue, backups, the replica's lag. All of them ask the
primary (`using(DEFAULT_DB_ALIAS)`): a probe must not be answered by a replica that lags."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from keruen.ops.models import Backup
from keruen.ops.routers import REPLICA


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Readiness:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in self.checks},
        }


def readiness() -> Readiness:
    """Is this process ready for traffic: database reachable, migrations applied, queue readable
    (and the replica reachable, when there is one)."""
    checks = [_check_database(DEFAULT_DB_ALIAS, "database")]
    if checks[0].ok:
        checks.append(_check_migrations())
        checks.append(_check_task_queue())
    if REPLICA in connections:
        checks.append(_check_database(REPLICA, "replica"))
    return Readiness(checks)


def _check_database(alias: str, name: str) -> Check:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as e:
        connection.close()  # let the next probe (or request) open a fresh connection
        return Check(name, False, str(e).strip().splitlines()[0] if str(e).strip() else repr(e))
    return Check(name, True)


def _check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as e:
        return Check("migrations", False, str(e).strip())
    if plan:
        return Check("migrations", False, f"{len(plan)} migration(s) not applied: keruen migrate")
    return Check("migrations", True)


def _check_task_queue() -> Check:
    try:
        DBTaskResult.objects.using(DEFAULT_DB_ALIAS).exists()
    except DatabaseError as e:
        return Check("task_queue", False, str(e).strip())
    return Check("task_queue", True)


@dataclass(frozen=True)
class QueueStats:
    queued: dict[str, int] = field(default_factory=dict)
    oldest_queued_age_seconds: float = 0.0
    running: int = 0
    failed: int = 0


def task_queue_stats() -> QueueStats:
    results = DBTaskResult.objects.using(DEFAULT_DB_ALIAS)
    ready = results.filter(status=TaskResultStatus.READY)
    queued = dict(ready.values_list("queue_name").annotate(n=Count("id")).order_by())
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return QueueStats(
        queued=queued,
        oldest_queued_age_seconds=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
        running=results.filter(status=TaskResultStatus.RUNNING).count(),
        failed=results.filter(status=TaskResultStatus.FAILED).count(),
    )


def last_backup() -> Backup | None:
    return Backup.objects.using(DEFAULT_DB_ALIAS).order_by("-finished_at").first()


def replica_lag_seconds() -> float | None:
    """Seconds since the last transaction the PostgreSQL replica replayed (0 when it is caught
    up); None without a PostgreSQL replica."""
    if REPLICA not in connections or connections[REPLICA].vendor != "postgresql":
        return None
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
        )
        row = cursor.fetchone()
    return float(row[0]) if row and row[0] is not None else 0.0
