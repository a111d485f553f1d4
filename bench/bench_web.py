"""Server time to first byte of the dashboard, the project list and the API list, on SQLite and
on PostgreSQL, beside a raw WSGI hello.

For each engine (SQLite always; PostgreSQL when a server answers at KERUEN_BENCH_PG, default
postgresql://postgres@127.0.0.1:5432/postgres, in a throw-away database dropped afterwards), a
child process (`python -m bench.bench_web --engine NAME`, printing JSON) migrates a fresh
database, loads the demo portfolio, serves Keruen with gunicorn (one sync worker, as
`keruen serve` does, on 127.0.0.1) and a raw WSGI "hello" app the same way, and measures the time
from sending each request to the first byte of the answer (p50/p95 of REQUESTS requests after a
warm-up): pages as a signed-in coordinator, the API list with the coordinator's bearer token.
Then it adds BULK projects (env KERUEN_BENCH_WEB_BULK, default 100,000) to the demo portfolio
(each with a region, a sector and an investor; COPY on PostgreSQL), rebuilds the summary tables,
runs ANALYZE and measures again.

    python -m bench web

Targets (issues 5 and 17): p95 ≤ 200 ms with BULK more projects, and ≤ 1.5× the p95 with the demo
alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
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
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REQUESTS = 40
BIG_REQUESTS = 10  # with 100,000 projects each request takes seconds on SQLite
WARMUP = 3
BULK = int(os.environ.get("KERUEN_BENCH_WEB_BULK", "100000"))
PG_URL = os.environ.get("KERUEN_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
GOAL_MS = 200.0
GOAL_GROWTH = 1.5
HELLO_LABEL = "raw WSGI hello"
PAGES = {
    "dashboard `/?portfolio=kz-cn`": "/?portfolio=kz-cn",
    "project list `/projects/`": "/projects/",
    "project list `/projects/?region=KZ-19`": "/projects/?region=KZ-19",
}
API = {"API list `/api/v1/projects/?limit=50`": "/api/v1/projects/?limit=50"}
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


def _ttfb(
    port: int, path: str, headers: dict[str, str] | None = None, requests: int = REQUESTS
) -> list[float]:
    times = []
    for i in range(WARMUP + requests):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start = time.perf_counter()
        conn.request("GET", path, headers=headers or {})
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


def _setup(home: str, database_url: str | None) -> dict[str, dict[str, str]]:
    """Migrates and loads the demo; returns the request headers for pages and for the API."""
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from keruen.accounts.services import token_create, user_create
    from keruen.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    load_demo()
    user = user_create(actor=None, reason="bench", username="bench", role="coordinator")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    _, key = token_create(actor=None, reason="bench", user=user)
    return {
        "page": {"Cookie": f"sessionid={session.session_key}", "Accept-Language": "en"},
        "api": {"Authorization": f"Bearer {key}", "Accept": "application/json"},
    }


def _write(model: Any, objs: list[Any]) -> None:
    """Writes new rows: COPY of their concrete fields on PostgreSQL, bulk_create elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=5000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _bulk() -> None:
    import datetime as dt
    from decimal import Decimal

    from django.db import connection, transaction

    from keruen.parties.models import Organization
    from keruen.projects.models import Portfolio, Project, ProjectInvestor, Stage
    from keruen.reference.models import Region, Sector

    rng = random.Random(5)
    regions = list(Region.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    portfolio = Portfolio.objects.get(slug="kz-cn").pk
    orgs = list(Organization.objects.filter(kind="company").values_list("pk", flat=True)[:50])
    stages = [s.value for s in Stage]
    today = dt.date.today()
    with transaction.atomic():
        # bulk_create returns the new keys on both engines (RETURNING); the link rows, which are
        # most of the writing, go through COPY on PostgreSQL.
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
        in_region = Project.regions.through
        in_sector = Project.sectors.through
        in_portfolio = Project.portfolios.through
        _write(in_region, [in_region(project=p, region_id=rng.choice(regions)) for p in projects])
        _write(in_sector, [in_sector(project=p, sector_id=rng.choice(sectors)) for p in projects])
        _write(in_portfolio, [in_portfolio(project=p, portfolio_id=portfolio) for p in projects])
        _write(
            ProjectInvestor,
            [ProjectInvestor(project=p, organization_id=rng.choice(orgs)) for p in projects],
        )
    # Written around the services: the dashboard's summary tables are rebuilt, as after any
    # bulk load by SQL (`keruen rebuild-summary`).
    from keruen.projects.cube import rebuild

    rebuild()
    with connection.cursor() as c:
        c.execute("ANALYZE")


def _measure(
    env: dict[str, str], headers: dict[str, dict[str, str]], hello: str, requests: int
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    proc, port = _serve("hello_wsgi:application", env, hello)
    try:
        out[HELLO_LABEL] = _ttfb(port, "/")
    finally:
        proc.terminate()
        proc.wait()
    proc, port = _serve("keruen.wsgi:application", env, str(ROOT))
    try:
        for label, path in PAGES.items():
            out[label] = _ttfb(port, path, headers["page"], requests)
        for label, path in API.items():
            out[label] = _ttfb(port, path, headers["api"], requests)
    finally:
        proc.terminate()
        proc.wait()
    return out


def engine(database_url: str | None) -> dict[str, Any]:
    """One engine's measurement, in this process: the demo alone, then with BULK more projects."""
    home = tempfile.mkdtemp(prefix="keruen-bench-web-")
    hello = tempfile.mkdtemp(prefix="keruen-bench-hello-")
    try:
        headers = _setup(home, database_url)
        Path(hello, "hello_wsgi.py").write_text(HELLO)
        env = {**os.environ, "KERUEN_HOME": home, "PYTHONPATH": f"{hello}:{ROOT / 'src'}"}
        from django.db import connections

        from keruen.projects.models import Project

        n_demo = Project.objects.count()
        connections.close_all()
        demo = _measure(env, headers, hello, REQUESTS)
        start = time.perf_counter()
        _bulk()
        bulk_s = time.perf_counter() - start
        n_big = Project.objects.count()
        connections.close_all()
        big = _measure(env, headers, hello, BIG_REQUESTS)
        return {"n_demo": n_demo, "n_big": n_big, "bulk_s": bulk_s, "demo": demo, "big": big}
    finally:
        shutil.rmtree(hello, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def _child(database_url: str | None) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.bench_web", "--engine"]
    args += ["postgresql", "--database-url", database_url] if database_url else ["sqlite"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _postgresql() -> dict[str, Any] | None:
    """The PostgreSQL measurement in a throw-away database, or None when no server answers."""
    from keruen.core.pgcheck import answers

    if not answers(PG_URL):
        return None
    import psycopg

    db = f"keruen_bench_web_{os.getpid()}"
    url = urlsplit(PG_URL)._replace(path=f"/{db}").geturl()
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {db}")
        c.execute(f"CREATE DATABASE {db}")
    try:
        return _child(url)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def _verdict(p95: float, growth: float) -> str:
    misses = []
    if p95 > GOAL_MS:
        misses.append(f"p95 > {GOAL_MS:.0f} ms")
    if growth > GOAL_GROWTH:
        misses.append(f"growth > {GOAL_GROWTH}×")
    return "meets" if not misses else "misses: " + ", ".join(misses)


def run() -> str:
    print("bench web: SQLite ...", file=sys.stderr)
    results = {"SQLite": _child(None)}
    print(f"bench web: PostgreSQL at {PG_URL} ...", file=sys.stderr)
    pg = _postgresql()
    skipped = ""
    if pg is None:
        skipped = (
            f"PostgreSQL: SKIPPED — no server answers at `{PG_URL}` (set KERUEN_BENCH_PG to "
            "measure it)."
        )
        print(f"bench web: {skipped}", file=sys.stderr)
    else:
        results["PostgreSQL"] = pg

    lines = [
        "## Web pages: server time to first byte (issues 5 and 17)",
        "",
        f"gunicorn, one sync worker, 127.0.0.1; a signed-in coordinator (the API list with the "
        f"coordinator's bearer token); {REQUESTS} requests per page ({BIG_REQUESTS} with {BULK:,} "
        f"more projects in the demo portfolio) after {WARMUP} warm-up ones, one at a time. Goals: "
        f"with {BULK:,} more projects, p95 ≤ {GOAL_MS:.0f} ms and ≤ {GOAL_GROWTH}× the p95 with "
        "the demo alone.",
        "",
        "| engine | data | page | p50 ms | p95 ms | p95 ÷ raw WSGI p95 |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name, res in results.items():
        for data, n in (("demo", res["n_demo"]), ("big", res["n_big"])):
            runs = res[data]
            label = "demo" if data == "demo" else f"{n:,} projects"
            raw = _pct(runs[HELLO_LABEL], 95)
            for page, times in runs.items():
                p95 = _pct(times, 95)
                ratio = "1" if page == HELLO_LABEL else f"{p95 / raw:.0f}×"
                lines.append(
                    f"| {name} | {label} | {page} | {_pct(times, 50):.1f} | {p95:.1f} | {ratio} |"
                )
    lines += [
        "",
        f"| engine | page | p95 ms, demo | p95 ms, +{BULK:,} | growth | verdict |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, res in results.items():
        for page in [*PAGES, *API]:
            before, after = _pct(res["demo"][page], 95), _pct(res["big"][page], 95)
            growth = after / before
            lines.append(
                f"| {name} | {page} | {before:.1f} | {after:.1f} | {growth:.2f}× | "
                f"{_verdict(after, growth)} |"
            )
    for name, res in results.items():
        how = "bulk_create and COPY" if name == "PostgreSQL" else "bulk_create"
        lines += [
            "",
            f"{name}: the {BULK:,} extra projects were written with {how} in "
            f"{res['bulk_s']:.0f} s (projects, regions, sectors, portfolio, investors), then the "
            "summary tables rebuilt and the database analysed.",
        ]
    if pg is None:
        lines += ["", skipped]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"])
    parser.add_argument("--database-url")
    opts = parser.parse_args()
    if opts.engine is None:
        print(run())
    elif opts.engine == "postgresql" and not opts.database_url:
        parser.error("--engine postgresql needs --database-url")
    else:
        print(json.dumps(engine(opts.database_url if opts.engine == "postgresql" else None)))
