"""Drill: a worker killed in the middle of a task. Another worker hands the task back to the queue
(its first worker's process is gone) and runs it once more; the task, written to do only what the
first run did not finish, sends each digest and each reminder exactly once.

The workers run in child processes that SIGKILL themselves at a chosen point of the task (just
before its second e-mail), the same blow as `kill -9` from outside, at a point chosen without
timing; e-mail goes to files, which the test counts. That a task is run again once only (a task
whose second worker dies too is failed) is tested in-process in test_services.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.ops.conftest import MakeDatabase, database_url

DRILL = "workerdrill"
USERS = 3

SETUP = """
import datetime as dt, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
import django
django.setup()
from keruen.accounts.models import Role
from keruen.notifications import services
from keruen.notifications.tasks import notify_changes
from keruen.projects.services import project_update
from tests.factories import ProjectFactory
from tests.instructions.factories import instruction, ministry, user_with_role

editor = user_with_role(Role.COORDINATOR)
for n in range(%(users)d):
    watcher = user_with_role(Role.COORDINATOR, username=f"watcher{n}")
    project = ProjectFactory(stage="agreed")
    services.subscription_follow(user=watcher, kind="project", key=project.code, mode="daily")
    project_update(actor=editor, reason="drill", project=project, stage="construction")
    org = ministry()
    user_with_role(Role.AGENCY_OFFICER, organization=org, username=f"officer{n}")
    instruction(lead_executor=org, deadline=dt.date(2025, 9, 1))
notify_changes.call()
"""

# Enqueue the task argv[2] names, then work off the queue, dying (argv[3] == "die") just before
# the second e-mail of the run.
WORKER = """
import os, signal, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
import django
django.setup()
from importlib import import_module
from django.core import mail
from django.core.management import call_command

worker_id, task, fate = sys.argv[1:4]
if task != "-":
    module, _dot, name = task.rpartition(".")
    getattr(import_module(module), name).enqueue()
calls = []
send = mail.EmailMessage.send

def send_or_die(self, *args, **kwargs):
    calls.append(1)
    if fate == "die" and len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return send(self, *args, **kwargs)

mail.EmailMessage.send = send_or_die
call_command("worker", "--once", "--no-startup-delay", "--worker-id", worker_id)
"""


def _child(db: BaseDatabaseWrapper, tmp: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    db.close()  # the child must not wait on a lock of ours
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db.settings_dict),
        "KERUEN_HOME": str(tmp / "home"),
        "KERUEN_EMAIL_URL": f"file://{tmp / 'mail'}",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )


def _query(db: BaseDatabaseWrapper, sql: str) -> list[tuple[Any, ...]]:
    db.connect()
    with db.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    db.close()
    return rows


def _mail_to(tmp: Path) -> list[str]:
    folder = tmp / "mail"
    text = "".join(p.read_text() for p in folder.iterdir()) if folder.exists() else ""
    return re.findall(r"^To: (.+)$", text, flags=re.MULTILINE)


def _task(db: BaseDatabaseWrapper, path: str) -> tuple[str, list[str]]:
    import json

    ((status, workers),) = _query(
        db,
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        f"WHERE task_path = '{path}'",
    )
    return status, workers if isinstance(workers, list) else json.loads(workers)


def _work(db: BaseDatabaseWrapper, tmp: Path, worker_id: str, task: str, fate: str) -> int:
    run = _child(db, tmp, ["-c", WORKER, worker_id, task, fate])
    assert run.returncode in (0, -9), run.stderr[-3000:]
    return run.returncode


DIGESTS = "keruen.notifications.tasks.send_daily_digests"
REMINDERS = "keruen.instructions.tasks.send_instruction_reminders"


@pytest.mark.slow
@pytest.mark.django_db
def test_a_worker_killed_mid_task_is_replaced_and_nothing_is_sent_twice(
    tmp_path: Path, make_database: MakeDatabase
) -> None:
    db = make_database(DRILL)
    run = _child(db, tmp_path, ["-c", SETUP % {"users": USERS}])
    assert run.returncode == 0, run.stderr[-3000:]
    watchers = [f"watcher{n}@example.org" for n in range(USERS)]
    officers = [f"officer{n}@example.org" for n in range(USERS)]

    # The daily digests: the first worker dies after one went out, the next sends the others.
    assert _work(db, tmp_path, "first", DIGESTS, "die") == -9
    assert _task(db, DIGESTS) == ("RUNNING", ["first"])
    assert len(_mail_to(tmp_path)) == 1
    assert _work(db, tmp_path, "second", "-", "live") == 0
    assert _task(db, DIGESTS) == ("SUCCESSFUL", ["first", "second"])
    assert sorted(_mail_to(tmp_path)) == watchers

    # The reminders of overdue instructions, the same way.
    assert _work(db, tmp_path, "third", REMINDERS, "die") == -9
    assert _task(db, REMINDERS) == ("RUNNING", ["third"])
    assert _work(db, tmp_path, "fourth", "-", "live") == 0
    assert _task(db, REMINDERS) == ("SUCCESSFUL", ["third", "fourth"])
    assert sorted(_mail_to(tmp_path)) == sorted(watchers + officers)
