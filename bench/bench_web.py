"""Server time to first byte of the dashboard and the project list, beside a raw WSGI hello.

Builds a throw-away SQLite database (its own KERUEN_HOME) with the demo portfolio, serves Keruen
with gunicorn (one sync worker, as `keruen serve` does, on 127.0.0.1) and a raw WSGI "hello" app
the same way, and measures, as a signed-in coordinator, the time from sending each request to
the first byte of the answer (p50/p95 of REQUESTS requests after a warm-up). Then adds 100,000
projects with bulk_create (each with a region, a sector, the portfolio and an investor) and
measures again.

    python -m bench web

Target (issue 5): p95 under 200 ms.
"""

from __future__ import annotations

import http.client
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REQUESTS = 40
BIG_REQUESTS = 10  # with 100,000 projects each request takes seconds on SQLite
WARMUP = 3
BULK = 100_000
PAGES = {
    "dashboard `/?portfolio=kz-cn`": "/?portfolio=kz-cn",
    "project list `/projects/`": "/projects/",
    "project list `/projects/?region=KZ-19`": "/projects/?region=KZ-19",
}
HELLO = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(app: str, env: dict[str, str], cwd: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "--workers",
            "1",
            "--timeout",
            "300",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def _ttfb(port: int, path: str, cookie: str = "", requests: int = REQUESTS) -> list[float]:
    times = []
    for i in range(WARMUP + requests):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": cookie, "Accept-Language": "en"} if cookie else {}
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()  # returns once the status line and headers arrive
        first = time.perf_counter() - start
        body = response.read()
        conn.close()
        if response.status != 200 or not body:
            raise RuntimeError(f"GET {path}: {response.status}")
        if i >= WARMUP:
            times.append(first * 1000)
    return times


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run() -> str:
    home = tempfile.mkdtemp(prefix="keruen-bench-web-")
    try:
        return _run(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _setup(home: str) -> str:
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from keruen.accounts.services import user_create
    from keruen.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    load_demo()
    user = user_create(actor=None, reason="bench", username="bench", role="coordinator")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def _bulk() -> None:
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction

    from keruen.parties.models import Organization
    from keruen.projects.models import Portfolio, Project, ProjectInvestor, Stage
    from keruen.reference.models import Region, Sector

    rng = random.Random(5)
    regions = list(Region.objects.all())
    sectors = list(Sector.objects.all())
    portfolio = Portfolio.objects.get(slug="kz-cn")
    orgs = list(Organization.objects.filter(kind="company")[:50])
    stages = [s.value for s in Stage]
    today = dt.date.today()
    with transaction.atomic():
        projects = Project.objects.bulk_create(
            [
                Project(
                    code=f"B-{n:06d}",
                    title=f"Bench project {n}",
                    stage=rng.choice(stages),
                    stage_since=today - dt.timedelta(days=rng.randrange(900)),
                    total_investment_amount=Decimal(rng.randrange(10**6, 10**9)),
                    total_investment_currency_id="USD",
                    total_investment_date=today,
                    total_investment_usd=Decimal(rng.randrange(10**6, 10**9)),
                    jobs_planned=rng.randrange(10, 900),
                )
                for n in range(BULK)
            ],
            batch_size=5000,
        )
        Project.regions.through.objects.bulk_create(
            [Project.regions.through(project=p, region=rng.choice(regions)) for p in projects],
            batch_size=5000,
        )
        Project.sectors.through.objects.bulk_create(
            [Project.sectors.through(project=p, sector=rng.choice(sectors)) for p in projects],
            batch_size=5000,
        )
        Project.portfolios.through.objects.bulk_create(
            [Project.portfolios.through(project=p, portfolio=portfolio) for p in projects],
            batch_size=5000,
        )
        ProjectInvestor.objects.bulk_create(
            [ProjectInvestor(project=p, organization=rng.choice(orgs)) for p in projects],
            batch_size=5000,
        )
    # Written around the services: the dashboard's summary tables are rebuilt, as after any
    # bulk load by SQL (`keruen rebuild-summary`).
    from keruen.projects.cube import rebuild

    rebuild()
    from django.db import connection

    with connection.cursor() as c:
        c.execute("ANALYZE")


def _measure(
    env: dict[str, str], cookie: str, hello: str, requests: int = REQUESTS
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    proc, port = _serve("hello_wsgi:application", env, hello)
    try:
        out["raw WSGI hello"] = _ttfb(port, "/")
    finally:
        proc.terminate()
        proc.wait()
    proc, port = _serve("keruen.wsgi:application", env, str(ROOT))
    try:
        for label, path in PAGES.items():
            out[label] = _ttfb(port, path, cookie, requests)
    finally:
        proc.terminate()
        proc.wait()
    return out


def _run(home: str) -> str:
    cookie = _setup(home)
    hello = tempfile.mkdtemp(prefix="keruen-bench-hello-")
    Path(hello, "hello_wsgi.py").write_text(HELLO)
    env = {**os.environ, "KERUEN_HOME": home, "PYTHONPATH": f"{hello}:{ROOT / 'src'}"}
    env.pop("DATABASE_URL", None)
    from keruen.projects.models import Project

    try:
        demo = _measure(env, cookie, hello)
        n_demo = Project.objects.count()
        start = time.perf_counter()
        _bulk()
        bulk_s = time.perf_counter() - start
        big = _measure(env, cookie, hello, BIG_REQUESTS)
        n_big = Project.objects.count()
    finally:
        shutil.rmtree(hello, ignore_errors=True)

    lines = [
        "## Web pages: server time to first byte (issue 5)",
        "",
        f"gunicorn, one sync worker, SQLite, 127.0.0.1; a signed-in coordinator; {REQUESTS} "
        f"requests per page ({BIG_REQUESTS} with {BULK:,} more projects) after {WARMUP} warm-up "
        "ones, one at a time. Target: p95 < 200 ms.",
        "",
        "| data | page | p50 ms | p95 ms | p95 ÷ raw WSGI p95 |",
        "|---|---|---:|---:|---:|",
    ]
    for label, runs, n in (("demo", demo, n_demo), (f"{n_big:,} projects", big, n_big)):
        raw = _pct(runs["raw WSGI hello"], 95)
        for page, times in runs.items():
            p95 = _pct(times, 95)
            lines.append(
                f"| {label} | {page} | {_pct(times, 50):.1f} | {p95:.1f} | "
                f"{'1' if page == 'raw WSGI hello' else f'{p95 / raw:.0f}×'} |"
            )
        del n
    lines += [
        "",
        f"The {BULK:,} extra projects were written with bulk_create in {bulk_s:.0f} s "
        "(projects, regions, sectors, portfolio, investors), then the summary tables rebuilt.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
