"""PostgreSQL drill: the database drops the server's connections, then refuses new ones for a
moment, while API clients keep writing. Loopback only, bounded in time, PostgreSQL only.

`keruen serve` (gunicorn, 3 sync workers) runs on a migrated database of its own; three clients
register projects and change them through the API, one request after the other, until the drill
is over. Meanwhile, from an administrator's connection to the server's `postgres` database:

1. after a few acknowledged writes, every connection to the drill's database is terminated
   (`pg_terminate_backend`, what a restart of PostgreSQL does to its clients), several times, each
   time after a few more answers;
2. the database stops accepting connections (`ALTER DATABASE ... ALLOW_CONNECTIONS false`, only
   this database, so other users of the PostgreSQL server are untouched) and its connections are
   terminated again: an outage, held until the clients were answered a few times and `/readyz`
   said so;
3. it accepts connections again, and the drill ends once the clients wrote a few more times.

It passes when: no answer is anything but 2xx or 503 (no 500, no dropped connection); every 503
has a `Retry-After`; every request made during the outage got 503 (problem+json from the API,
plain text from a page) and `/readyz` answered 503 then; after the outage, writes succeed and
`/readyz` and the page answer 200 from the same server, which was never restarted; and every
write answered 2xx is in the database afterwards (a project created, or changed to the value
acknowledged last or to one sent after it whose answer was a 503: a connection can drop after
the commit, before the answer).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from keruen.ops import selectors
from tests.ops.conftest import MakeDatabase, admin_connection, keruen, served

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the drill terminates PostgreSQL's connections (pg_terminate_backend)",
)

WRITERS = 3
#: The whole drill, from the first write to the last, must be over within this many seconds.
DEADLINE = 50.0
#: A request not answered within this many seconds counts as a failure.
TIMEOUT = 30.0
TERMINATIONS = 4


@dataclass(frozen=True)
class Answer:
    method: str
    path: str
    started: float
    finished: float
    status: int  # 0: no HTTP answer at all (connection refused, reset, timed out)
    retry_after: str | None
    content_type: str
    body: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Journal:
    """Every answer the clients got, and what the acknowledged writes wrote."""

    answers: list[Answer] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    #: project code -> the jobs_planned values sent to it, in order, and whether each was a 2xx.
    changes: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def wait(self, predicate: Callable[[], bool], until: float, what: str) -> None:
        with self.changed:
            if not self.changed.wait_for(predicate, timeout=max(0.0, until - time.monotonic())):
                raise AssertionError(f"the drill ran out of time waiting for {what}: {self}")

    def count(self, since: float = 0.0, *, ok: bool | None = None) -> int:
        return sum(1 for a in self.answers if a.started >= since and (ok is None or a.ok == ok))

    def __str__(self) -> str:
        statuses: dict[int, int] = {}
        for a in self.answers:
            statuses[a.status] = statuses.get(a.status, 0) + 1
        return f"{len(self.answers)} answers by status {statuses}"


def call(base: str, token: str | None, method: str, path: str, body: Any = None) -> Answer:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data, headers, method=method)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            status, headers, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        status, headers, content = e.code, e.headers, e.read()
    except OSError as e:
        status, headers, content = 0, Message(), repr(e).encode()
    return Answer(
        method=method,
        path=path,
        started=started,
        finished=time.monotonic(),
        status=status,
        retry_after=headers["Retry-After"],
        content_type=headers["Content-Type"] or "",
        body=content.decode()[:2000],
    )


def writer(n: int, base: str, token: str, journal: Journal, stop: threading.Event) -> None:
    """Registers a project, changes the last one it registered, and again, until stopped."""
    mine: str | None = None
    step = 0
    while not stop.is_set():
        step += 1
        if step % 2 or mine is None:
            code = f"PGDRILL-{n}-{step:04d}"
            answer = call(
                base, token, "POST", "/api/v1/projects/",
                {"code": code, "title": f"Drill plant {n}.{step}", "regions": ["KZ-19"]},
            )  # fmt: skip
            with journal.changed:
                journal.answers.append(answer)
                if answer.ok:
                    journal.created.add(code)
                    mine = code
                journal.changed.notify_all()
        else:
            answer = call(base, token, "PATCH", f"/api/v1/projects/{mine}", {"jobs_planned": step})
            with journal.changed:
                journal.answers.append(answer)
                journal.changes.setdefault(mine, []).append((step, answer.ok))
                journal.changed.notify_all()


@pytest.fixture
def drill_server(make_database: MakeDatabase, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(URL, API token, database name) of `keruen serve` on a migrated database of its own."""
    db: BaseDatabaseWrapper = make_database("pgdrill")
    home = tmp_path / "home"
    settings_dict = dict(db.settings_dict)
    db.close()  # only the server's connections are on it during the drill
    user = keruen(
        "users", "create", "drill", "--role", "coordinator", "--token",
        settings_dict=settings_dict, home=home,
    )  # fmt: skip
    assert user.returncode == 0, user.stderr[-3000:]
    token = user.stdout.strip().splitlines()[-1]
    with served(settings_dict, home) as url:
        yield url, token, settings_dict["NAME"]


def _terminate(admin: Any, name: str) -> int:
    rows = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    ).fetchall()
    return len(rows)


@pytest.mark.slow
@pytest.mark.django_db
def test_acknowledged_writes_survive_dropped_connections_and_an_outage_gets_503(
    drill_server: tuple[str, str, str],
) -> None:
    url, token, name = drill_server
    admin = admin_connection(settings.DATABASES["default"])
    journal, stop = Journal(), threading.Event()
    clients = [
        threading.Thread(target=writer, args=(n, url, token, journal, stop)) for n in range(WRITERS)
    ]
    started = time.monotonic()
    until = started + DEADLINE
    for t in clients:
        t.start()
    try:
        journal.wait(lambda: journal.count(ok=True) >= 2 * WRITERS, until, "the first writes")
        terminated = 0
        for _ in range(TERMINATIONS):
            mark = time.monotonic()
            terminated += _terminate(admin, name)
            journal.wait(lambda m=mark: journal.count(m) >= WRITERS, until, "answers after a drop")

        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            outage_began = time.monotonic()
            terminated += _terminate(admin, name)
            down = call(url, None, "GET", "/readyz")
            page_down = call(url, None, "GET", "/projects/")
            journal.wait(
                lambda: journal.count(outage_began) >= 2 * WRITERS, until, "answers in the outage"
            )
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        outage_ended = time.monotonic()

        journal.wait(
            lambda: journal.count(outage_ended, ok=True) >= 2 * WRITERS, until, "writes after it"
        )
        up = call(url, None, "GET", "/readyz")
        page_up = call(url, None, "GET", "/projects/")
    finally:
        stop.set()
        for t in clients:
            t.join(timeout=TIMEOUT + 5)
        admin.close()
    dropped = [a for a in journal.answers if a.status == 503 and a.finished < outage_began]
    print(
        f"database drill: {journal} in {time.monotonic() - started:.0f} s; "
        f"{terminated} connections terminated, {len(dropped)} requests answered 503 on a drop"
    )

    assert terminated >= TERMINATIONS
    failed = [a for a in journal.answers if not a.ok and a.status != 503]
    assert not failed, failed[:5]
    assert all(a.retry_after for a in journal.answers if a.status == 503)
    during = [a for a in journal.answers if outage_began <= a.started and a.finished < outage_ended]
    assert during and all(a.status == 503 for a in during), during[:5]
    assert all(a.content_type == "application/problem+json" for a in during), during[:5]
    assert all(json.loads(a.body)["status"] == 503 for a in during)
    assert down.status == 503 and down.retry_after, down
    assert json.loads(down.body)["checks"]["database"]["ok"] is False
    assert page_down.status == 503 and page_down.retry_after, page_down
    assert page_down.content_type.startswith("text/plain")
    assert up.status == 200, up
    assert page_up.status == 200, page_up
    assert journal.count(outage_ended, ok=True) >= 2 * WRITERS

    with admin_connection(settings.DATABASES["default"], name) as connection:
        rows = connection.execute("SELECT code, jobs_planned FROM projects_project").fetchall()
    stored: dict[str, int | None] = dict(rows)
    assert journal.created <= set(stored), sorted(journal.created - set(stored))[:5]
    for code, sent in journal.changes.items():
        acknowledged = [i for i, (_, ok) in enumerate(sent) if ok]
        if not acknowledged:
            continue
        allowed = {value for value, _ in sent[acknowledged[-1] :]}
        assert stored[code] in allowed, (code, stored[code], sent)


def test_readyz_is_503_while_the_database_refuses_connections_and_200_once_it_is_back(
    client: Client,
    make_database: MakeDatabase,
    django_db_blocker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The probe asks a migrated database of its own, outside any test transaction (a test case
    # would not let it reconnect by itself), so that its connection can drop and come back.
    monkeypatch.setattr(selectors, "DEFAULT_DB_ALIAS", "readyz")
    with django_db_blocker.unblock():
        probed = make_database("readyz")
        admin = admin_connection(probed.settings_dict)
        try:
            _probe_down_and_up(client, admin, probed.settings_dict["NAME"])
        finally:
            admin.close()


def _probe_down_and_up(client: Client, admin: Any, name: str) -> None:
    assert client.get("/readyz").status_code == 200
    try:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        assert _terminate(admin, name) == 1  # the probe's connection
        for _ in range(2):  # still down on the next probe: nothing half-open is kept
            response = client.get("/readyz")
            assert response.status_code == 503
            assert response["Retry-After"] == "5"
            database = response.json()["checks"]["database"]
            assert database["ok"] is False and database["detail"]
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {
        check: {"ok": True, "detail": ""} for check in ("database", "migrations", "task_queue")
    }
