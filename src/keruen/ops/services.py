"""Writes of operations: backups and their restore, the scheduler's claim on a run, the
workers' heartbeats and the recovery of the tasks of a worker that died.

Backups: one file with the database and the files Keruen keeps, and the way back.

A backup is an uncompressed tar archive (its parts are compressed or small already):

    manifest.json       format, engine, when, Keruen's version, every table's row count
    database.pgdump     PostgreSQL: `pg_dump --format=custom`, taken in the snapshot the row
                        counts were read in, so that the two agree
    database.sqlite3    SQLite: a copy made with SQLite's online backup API
    files/media/...     uploaded files (MEDIA_ROOT: attachments of instruction reports)
    files/uploads/...   imports waiting for confirmation (KERUEN_HOME/uploads)

It is written under a temporary name and renamed when complete, so a file with the final name is
a whole backup. A restore goes into an empty database of the same engine (or replaces the
database's contents with `force`), then checks every table's row count against the manifest.
Files are put back beside what is there; one that exists with other content is replaced only with
`force`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

import keruen
from keruen.ops.models import Backup, ScheduledRun, WorkerHeartbeat

FORMAT = "keruen-backup/1"
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Django's PostgreSQL OPTIONS that are not libpq connection parameters.
NOT_LIBPQ = {"isolation_level", "server_side_binding", "pool", "assume_role", "cursor_factory"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int
    tables: dict[str, int]
    files: int

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def file_roots() -> dict[str, Path]:
    """The directories a backup carries, by their name inside the archive."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "uploads": Path(settings.KERUEN_HOME) / "uploads",
    }


# --- backup --------------------------------------------------------------------------------------


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a backup of the database `using` and of the file directories to `output`."""
    connection = connections[using]
    engine = connection.vendor
    if engine not in DUMPS:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(e)s.") % {"e": engine})
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="keruen-backup-") as tmp:
        dump = Path(tmp) / DUMPS[engine]
        if engine == "postgresql":
            tables = _pg_dump(connection, dump)
        else:
            tables = _sqlite_dump(connection, dump)
        files = _files_in(file_roots())
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "keruen_version": keruen.__version__,
            "tables": tables,
            "files": len(files),
        }
        try:
            with tarfile.open(partial, "w") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                tar.add(dump, arcname=DUMPS[engine])
                for arcname, path in files:
                    tar.add(path, arcname=arcname, recursive=False)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    result = BackupResult(output, engine, output.stat().st_size, tables, len(files))
    Backup.objects.using(using).create(
        file=str(output), size=result.size, engine=engine, rows=result.rows
    )
    return result


def _pg_dump(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    """Counts rows and dumps in one snapshot: the manifest describes exactly the dump."""
    # A session of its own, so that Django's connection and its transactions are left alone.
    with _pg_session(connection) as session:
        session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            row = session.execute("SELECT pg_export_snapshot()").fetchone()
            snapshot = row[0] if row else ""
            tables = {name: _count(session, name) for name in sorted(_pg_tables(session))}
            _run_pg_tool(
                connection,
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            )
        finally:
            session.execute("ROLLBACK")
    return tables


@contextmanager
def _pg_session(connection: BaseDatabaseWrapper) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(_conninfo(connection), autocommit=True) as session:
        yield session


def _pg_tables(session: Any) -> list[str]:
    rows = session.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    ).fetchall()
    return [r[0] for r in rows]


def _count(session: Any, table: str) -> int:
    quoted = '"' + table.replace('"', '""') + '"'
    row = session.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()
    return int(row[0])


def _sqlite_dump(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        return {name: _count(target, name) for name in sorted(_sqlite_tables(target))}
    finally:
        target.close()


def _sqlite_tables(session: sqlite3.Connection) -> list[str]:
    rows = session.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def _files_in(roots: dict[str, Path]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for name, root in roots.items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found.append((f"files/{name}/{path.relative_to(root).as_posix()}", path))
    return found


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


# --- restore -------------------------------------------------------------------------------------


def backup_restore(
    *, source: Path, using: str = DEFAULT_DB_ALIAS, force: bool = False
) -> BackupResult:
    """Restore the backup `source` into the database `using` and the file directories.

    Refuses a database that has tables, or file directories that have files, unless `force`:
    then their contents are replaced. Checks every table's row count against the manifest.
    """
    connection = connections[using]
    with (
        _open_archive(source) as archive,
        tempfile.TemporaryDirectory(prefix="keruen-restore-") as tmp,
    ):
        manifest = _read_manifest(archive, source)
        engine = manifest["engine"]
        if engine != connection.vendor:
            raise BackupError(
                _(
                    "%(file)s holds a %(engine)s database; the configured database is %(target)s. "
                    "Restore it into a database of the same kind (DATABASE_URL)."
                )
                % {"file": source, "engine": engine, "target": connection.vendor}
            )
        existing = connection.introspection.table_names()
        roots = file_roots()
        members = _file_members(archive, roots)
        conflicts = [str(target) for member, target in members if _differs(archive, member, target)]
        if not force and (existing or conflicts):
            what = []
            if existing:
                what.append(_("the database has %(n)d tables") % {"n": len(existing)})
            if conflicts:
                what.append(
                    _("%(n)d files exist with other content (%(first)s)")
                    % {"n": len(conflicts), "first": conflicts[0]}
                )
            raise BackupError(
                _(
                    "Nothing was restored: %(what)s. Restore into an empty database, or pass "
                    "--force to replace what is there."
                )
                % {"what": "; ".join(what)}
            )
        dump = Path(tmp) / DUMPS[engine]
        _extract(archive, DUMPS[engine], dump)
        if engine == "postgresql":
            connection.close()  # nothing of Django's may hold a lock while pg_restore runs
            _pg_restore(connection, dump, replace=bool(existing))
        else:
            _sqlite_restore(connection, dump)
        for member, target in members:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            _extract(archive, member.name, partial)
            os.replace(partial, target)
        tables = _table_counts(connection)
    expected = manifest["tables"]
    differ = sorted(
        name for name in set(expected) | set(tables) if expected.get(name) != tables.get(name)
    )
    if differ:
        raise BackupError(
            _("The restored database differs from the backup's manifest in %(tables)s.")
            % {"tables": ", ".join(f"{t} ({tables.get(t)} ≠ {expected.get(t)})" for t in differ)}
        )
    return BackupResult(Path(source), engine, Path(source).stat().st_size, tables, len(members))


def _open_archive(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r")
    except (OSError, tarfile.TarError) as e:
        raise BackupError(
            _("%(file)s is not a Keruen backup (%(error)s).") % {"file": source, "error": e}
        ) from e


def _read_manifest(archive: tarfile.TarFile, source: Path) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(file)s is not a Keruen backup (no %(manifest)s of format %(format)s).")
            % {"file": source, "manifest": MANIFEST, "format": FORMAT}
        )
    if manifest.get("engine") not in DUMPS or not isinstance(manifest.get("tables"), dict):
        raise BackupError(_("%(file)s has an unreadable manifest.") % {"file": source})
    return manifest


def _extract(archive: tarfile.TarFile, name: str, target: Path) -> None:
    member = archive.extractfile(name)
    if member is None:
        raise BackupError(_("The backup lacks %(name)s.") % {"name": name})
    with member, target.open("wb") as out:
        shutil.copyfileobj(member, out)


def _pg_restore(connection: BaseDatabaseWrapper, dump: Path, *, replace: bool) -> None:
    if replace:
        with _pg_session(connection) as session:
            session.execute("DROP SCHEMA public CASCADE")
            session.execute("CREATE SCHEMA public")
    _run_pg_tool(
        connection,
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(dump),
        ],
    )


def _sqlite_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _file_members(
    archive: tarfile.TarFile, roots: dict[str, Path]
) -> list[tuple[tarfile.TarInfo, Path]]:
    """The archive's files with where each goes; a name that would leave its directory is an
    error, not a file written elsewhere."""
    found = []
    for member in archive.getmembers():
        parts = member.name.split("/")
        if parts[0] != "files" or not member.isfile():
            continue
        if len(parts) < 3 or parts[1] not in roots or ".." in parts or "" in parts[2:]:
            raise BackupError(
                _("The backup holds an unexpected file: %(name)s") % {"name": member.name}
            )
        found.append((member, roots[parts[1]].joinpath(*parts[2:])))
    return found


def _differs(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> bool:
    if not target.exists():
        return False
    if target.stat().st_size != member.size:
        return True
    stored = archive.extractfile(member)
    return stored is None or stored.read() != target.read_bytes()


def _table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    if connection.vendor == "postgresql":
        with _pg_session(connection) as session:
            return {name: _count(session, name) for name in sorted(_pg_tables(session))}
    connection.ensure_connection()
    raw = connection.connection
    return {name: _count(raw, name) for name in sorted(_sqlite_tables(raw))}


# --- PostgreSQL client tools --------------------------------------------------------------------


def _conninfo(connection: BaseDatabaseWrapper, *, password: bool = True) -> str:
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    params = {
        "dbname": s["NAME"],
        "user": s.get("USER") or None,
        "password": (s.get("PASSWORD") or None) if password else None,
        "host": s.get("HOST") or None,
        "port": str(s["PORT"]) if s.get("PORT") else None,
    }
    params.update({k: v for k, v in s.get("OPTIONS", {}).items() if k not in NOT_LIBPQ})
    return make_conninfo(**{k: v for k, v in params.items() if v is not None})


def _run_pg_tool(connection: BaseDatabaseWrapper, command: list[str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            _(
                "%(tool)s was not found: install the PostgreSQL client tools (Debian: "
                "postgresql-client), of the server's major version or newer."
            )
            % {"tool": tool}
        )
    # The password travels in the environment, not on the command line (visible in `ps`).
    env = {**os.environ, "PGPASSWORD": str(connection.settings_dict.get("PASSWORD") or "")}
    conninfo = _conninfo(connection, password=False)
    args = [*command[:1], f"--dbname={conninfo}", *command[1:]]
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": result.stderr.strip()}
        )


# --- scheduler -----------------------------------------------------------------------------------


def scheduled_run_enqueue(*, job: str, slot: dt.datetime, task: Task[Any, Any]) -> str | None:
    """Enqueue `task` for the firing of `job` at `slot`, unless another scheduler already did:
    the claim and the task are written in one transaction, so a slot is enqueued exactly once
    however many schedulers run. Returns the task result's id, or None when already claimed."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job, slot=slot, task_result_id="")
        except IntegrityError:
            return None
        result = task.enqueue()
        run.task_result_id = str(result.id)
        run.save(update_fields=["task_result_id"])
    return str(result.id)


# --- Workers: heartbeats, and the tasks of a worker that died ------------------------------------

#: A worker beats this often; one silent for WORKER_LEASE is taken for dead.
WORKER_HEARTBEAT = dt.timedelta(seconds=10)
WORKER_LEASE = dt.timedelta(seconds=60)


def worker_beat(*, worker_id: str, now: dt.datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "seen_at": now or timezone.now(),
        },
    )


def worker_retire(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead(beat: WorkerHeartbeat | None, started_at: dt.datetime | None, now: dt.datetime) -> bool:
    if beat is None:  # a worker that never beat (not `keruen worker`): judged by the task's age
        return started_at is None or now - started_at > WORKER_LEASE
    if beat.host == socket.gethostname() and not _process_alive(beat.pid):
        return True
    return now - beat.seen_at > WORKER_LEASE


@dataclass
class Recovery:
    requeued: list[str]
    failed: list[str]


def tasks_orphaned_recover(*, now: dt.datetime | None = None) -> Recovery:
    """Tasks left running by a dead worker: each goes back on the queue once, for another worker;
    one whose second worker died too is marked failed, not run a third time. A task is written so
    that a second run does only what the first did not finish (see docs/notifications.md)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    recovery = Recovery([], [])
    with transaction.atomic():
        running = list(DBTaskResult.objects.select_for_update(skip_locked=True).running())
        beats = {
            b.worker_id: b
            for b in WorkerHeartbeat.objects.filter(
                worker_id__in=[r.worker_ids[-1] for r in running if r.worker_ids]
            )
        }
        for r in running:
            last = r.worker_ids[-1] if r.worker_ids else ""
            if not _dead(beats.get(last), r.started_at, now):
                continue
            if len(r.worker_ids) < 2:
                r.status = TaskResultStatus.READY
                r.started_at = None
                r.save(update_fields=["status", "started_at"])
                recovery.requeued.append(str(r.id))
            else:
                r.status = TaskResultStatus.FAILED
                r.finished_at = now
                r.exception_class_path = "keruen.ops.services.WorkerDied"
                r.traceback = f"its workers {', '.join(r.worker_ids)} died while running it"
                r.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                recovery.failed.append(str(r.id))
        WorkerHeartbeat.objects.filter(seen_at__lt=now - 10 * WORKER_LEASE).delete()
    return recovery
