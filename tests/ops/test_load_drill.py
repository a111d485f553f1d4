"""Load drill: 50 concurrent users on the demo behind `keruen serve`, loopback only.

Each user registers a project through the API (a coordinator's token), then reads four times
(the dashboard and the project list as the public sees them, the API's list and a project) for
each change to their project, until the time is up. The drill passes when no request fails
(every answer below 400, no connection error, no timeout). Timings are not asserted: the p95 of
the reads under load is reported beside the p95 of one user alone on the same server, in the
test's output and in `KERUEN_DRILL_REPORT` (a file) when that is set.

`KERUEN_DRILL_SECONDS` (default 60) and `KERUEN_DRILL_USERS` (default 50) make it lighter where
the whole suite must run in little time (docs/deploy.md).
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.ops.conftest import MakeDatabase, keruen, served

SECONDS = float(os.environ.get("KERUEN_DRILL_SECONDS", "60"))
USERS = int(os.environ.get("KERUEN_DRILL_USERS", "50"))
#: One user alone: this many reads give the single-user figure.
SOLO_READS = 40
#: A client gives up after this long (gunicorn's own worker timeout is 120 s).
TIMEOUT = 120.0
READS = ["/", "/projects/", "/api/v1/projects/?limit=50", "/api/v1/projects/{code}"]


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    writes: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def p95(self) -> float:
        ordered = sorted(self.reads)
        return ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else 0.0


class Client:
    def __init__(self, base: str, token: str, tally: Tally) -> None:
        self.base, self.token, self.tally = base, token, tally

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if path.startswith("/api/") else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                content = response.read()
        except urllib.error.HTTPError as e:
            with self.tally.lock:
                self.tally.errors.append(f"{method} {path}: {e.code} {e.read()[:200]!r}")
            return None
        except OSError as e:
            with self.tally.lock:
                self.tally.errors.append(f"{method} {path}: {e!r}")
            return None
        elapsed = time.perf_counter() - start
        with self.tally.lock:
            if method == "GET":
                self.tally.reads.append(elapsed)
            else:
                self.tally.writes += 1
        return json.loads(content) if path.startswith("/api/") else None


def _user(n: int, client: Client, code: str, until: float) -> None:
    """A user who registers a project of their own, then reads four times for each change."""
    mine = f"LOAD-{n:02d}"
    client.call(
        "POST",
        "/api/v1/projects/",
        {"code": mine, "title": f"Load drill plant {n}", "regions": ["KZ-19"]},
    )
    step = 0
    while time.monotonic() < until:
        step += 1
        if step % 5:
            client.call("GET", READS[step % 5 - 1].format(code=code))
        else:
            client.call("PATCH", f"/api/v1/projects/{mine}", {"jobs_planned": step})


@pytest.fixture
def demo_server(make_database: MakeDatabase, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(URL, API token, a demo project's code) of `keruen serve` on a copy of the demo."""
    db: BaseDatabaseWrapper = make_database("load")
    home = tmp_path / "home"
    settings_dict = db.settings_dict
    db.close()  # the children write to it
    demo = keruen("demo", "--no-serve", settings_dict=settings_dict, home=home)
    assert demo.returncode == 0, demo.stderr[-3000:]
    user = keruen(
        "users", "create", "load", "--role", "coordinator", "--token",
        settings_dict=settings_dict, home=home,
    )  # fmt: skip
    assert user.returncode == 0, user.stderr[-3000:]
    token = user.stdout.strip().splitlines()[-1]
    with served(settings_dict, home) as url:
        code = Client(url, token, Tally()).call("GET", "/api/v1/projects/?limit=1")["items"][0]
        yield url, token, code["code"]


@pytest.mark.slow
@pytest.mark.django_db
def test_fifty_concurrent_users_on_the_demo_get_no_error(
    demo_server: tuple[str, str, str],
) -> None:
    url, token, code = demo_server
    solo = Tally()
    client = Client(url, token, solo)
    for i in range(SOLO_READS):
        client.call("GET", READS[i % 4].format(code=code))
    assert not solo.errors, solo.errors[:5]

    crowd = Tally()
    until = time.monotonic() + SECONDS
    users = [
        threading.Thread(target=_user, args=(n, Client(url, token, crowd), code, until))
        for n in range(USERS)
    ]
    for t in users:
        t.start()
    for t in users:
        t.join()

    report = (
        f"load drill: {USERS} users for {SECONDS:g} s: {len(crowd.reads)} reads, "
        f"{crowd.writes} writes, {len(crowd.errors)} errors; read p95 "
        f"{crowd.p95() * 1000:.0f} ms under load vs {solo.p95() * 1000:.0f} ms for one user"
    )
    print(report)
    if os.environ.get("KERUEN_DRILL_REPORT"):
        with open(os.environ["KERUEN_DRILL_REPORT"], "a") as f:
            f.write(report + "\n")
    assert not crowd.errors, crowd.errors[:5]
    assert crowd.writes >= USERS  # each user's own project, at least
