"""Failure drills, bounded in time, on the engine the suite runs on.

- `kill -9` of `keruen import` in the middle of its transaction, at seeded random points: the
  database is as it was (no partial rows); a full run afterwards gives what one clean run gives,
  and running it again changes nothing.

(The PostgreSQL drill, connections dropped and the database away during API writes, is in
test_database_drill.py.)

The import runs in a child process that SIGKILLs itself right after its Nth batch was written
inside the import's transaction: the same blow as `kill -9` from outside, at a point chosen
without timing, so the drill is deterministic and needs no sleeps.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper

from keruen.imports.services import BATCH
from tests.ops.conftest import MakeDatabase, database_url

DRILL = "drill"
ROWS = 3 * BATCH + 500  # four batches

CHILD = """
import os, signal, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
import django
django.setup()
from django.core.management import call_command
from keruen.imports import services

kill_after, written = int(sys.argv[2]), []
flush = services._flush

def flush_then_die(*args, **kwargs):
    flush(*args, **kwargs)
    written.append(1)
    if len(written) == kill_after:
        os.kill(os.getpid(), signal.SIGKILL)

services._flush = flush_then_die
call_command("import", "projects", sys.argv[1])
"""


@pytest.fixture
def drill_database(make_database: MakeDatabase) -> BaseDatabaseWrapper:
    return make_database(DRILL)


def _write_file(path: Path) -> None:
    rng = random.Random(22)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "code",
                "title",
                "stage",
                "regions",
                "total_investment_amount",
                "total_investment_currency",
                "total_investment_date",
                "jobs_planned",
            ]
        )
        for i in range(ROWS):
            w.writerow(
                [
                    f"DRILL-{i:05d}",
                    f"Drill plant {i}",
                    rng.choice(["announced", "agreed"]),
                    rng.choice(["KZ-19", "KZ-61"]),
                    rng.randint(1, 900) * 1_000_000,
                    "USD",
                    "2026-03-01",
                    rng.randint(10, 900),
                ]
            )


def _projects(connection: BaseDatabaseWrapper) -> list[tuple[object, ...]]:
    connection.connect()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, title, stage, total_investment_amount, jobs_planned "
            "FROM projects_project ORDER BY code"
        )
        rows = cursor.fetchall()
    connection.close()  # the child process must not wait on a lock of ours
    return rows


def _import(db: BaseDatabaseWrapper, path: Path, tmp: Path, kill_after: int) -> tuple[int, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db.settings_dict),
        "KERUEN_HOME": str(tmp / "home"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(kill_after)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return run.returncode, run.stderr


@pytest.mark.slow
@pytest.mark.django_db
def test_kill_9_mid_import_leaves_nothing_and_a_rerun_is_one_clean_run(
    tmp_path: Path, drill_database: BaseDatabaseWrapper
) -> None:
    data = tmp_path / "projects.csv"
    _write_file(data)
    before = _projects(drill_database)
    for kill_after in sorted(random.Random(7).sample(range(1, ROWS // BATCH + 1), 3)):
        code, err = _import(drill_database, data, tmp_path, kill_after)
        assert code == -9, err  # killed, not finished
        assert _projects(drill_database) == before, f"rows left after a kill at batch {kill_after}"

    code, err = _import(drill_database, data, tmp_path, kill_after=0)
    assert code == 0, err
    assert f"{ROWS} rows: {ROWS} were created, 0 updated, 0 unchanged." in err
    after = _projects(drill_database)
    assert len(after) == len(before) + ROWS

    code, err = _import(drill_database, data, tmp_path, kill_after=0)
    assert code == 0, err
    assert f"{ROWS} rows: 0 were created, 0 updated, {ROWS} unchanged." in err
    assert _projects(drill_database) == after
