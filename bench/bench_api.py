"""The scoped, paginated project list under bounded load: Keruen's API beside a raw-cursor view.

Sets up a throw-away KERUEN_HOME (SQLite) with the demo portfolio plus generated projects and a
regional editor (KZ-19) with an API token, then serves, one after the other on 127.0.0.1 with
gunicorn (same workers, same access log):

- Keruen: `keruen serve`, `GET /api/v1/projects/?limit=50&offset=K` as the editor;
- raw: `bench/raw_wsgi.py`, the same rows and fields from one SQLite cursor, no Django.

A Python load generator (threads, a bounded number of requests, a new connection per request as
gunicorn's sync workers close them) measures requests/s and latency percentiles. The rounds
alternate (raw, Keruen, raw, Keruen) so that a busy neighbour weighs on both.

    python -m bench api          # writes the section of docs/benchmarks.md
    python bench/bench_api.py    # prints it
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KERUEN = str(BIN / "keruen")
EXTRA_PROJECTS = int(os.environ.get("KERUEN_BENCH_PROJECTS", "800"))
THREADS = 8
REQUESTS = int(os.environ.get("KERUEN_BENCH_REQUESTS", "400"))  # per round and target
ROUNDS = 2
WORKERS = 2
PAGE = 50
TARGET = 0.60

GENERATE = """
import datetime as dt, random
from decimal import Decimal
import django; django.setup()
from django.db import transaction
from keruen.core.money import FxTable
from keruen.parties.models import Organization
from keruen.projects.services import InvestorInput, project_create
from keruen.reference.models import Region
from keruen.reference.selectors import Resolver, fx_table
rng = random.Random(7)
regions = list(Region.objects.values_list("code", flat=True))
investors = list(Organization.objects.filter(kind="company"))
resolver, fx = Resolver(), fx_table()
with transaction.atomic():
    for i in range({n}):
        project_create(
            actor=None, reason="bench", resolver=resolver, fx=fx, code=f"BENCH-{{i:05d}}",
            title=f"Generated plant {{i}}", title_ru=f"Завод {{i}}", is_illustrative=True,
            regions=[rng.choice(regions)], sectors=["manufacturing"],
            confidentiality=rng.choices(["public", "internal", "restricted"], [80, 14, 6])[0],
            total_investment_amount=Decimal(rng.randint(1, 500)) * 1000000,
            total_investment_currency="USD", total_investment_date=dt.date(2025, 1, 1),
            investors=[InvestorInput(rng.choice(investors), share=Decimal(100))],
            negotiation_notes="bench",
        )
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], env: dict[str, str], **kw: object) -> str:
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    return str(out.stdout)


def _wait(port: int, proc: subprocess.Popen[bytes], path: str, headers: dict[str, str]) -> None:
    for _ in range(240):
        if proc.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers=headers)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server on {port} did not answer")


def _load(port: int, headers: dict[str, str], n: int) -> tuple[float, list[float], int]:
    """`n` requests over THREADS threads; returns (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            path = f"/api/v1/projects/?limit={PAGE}&offset={(i % 10) * PAGE}"
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, errors


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _same_rows(keruen: int, raw: int, headers: dict[str, str]) -> tuple[int, int]:
    """Both servers answer the same count and the same codes for the first two pages."""
    counts = []
    for port in (keruen, raw):
        codes, count = [], 0
        for offset in (0, PAGE):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", f"/api/v1/projects/?limit={PAGE}&offset={offset}", headers=headers)
            body = json.loads(conn.getresponse().read())
            count = body["count"]
            codes += [i["code"] for i in body["items"]]
        counts.append((count, codes))
    if counts[0] != counts[1]:
        raise RuntimeError("the raw view and the API disagree on the rows: fix the benchmark")
    return counts[0][0], len(counts[0][1])


def run() -> str:
    home = Path(tempfile.mkdtemp(prefix="keruen-bench-api-"))
    env = {**os.environ, "KERUEN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "keruen.settings"}
    env.pop("DATABASE_URL", None)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        print("bench api: loading the demo ...", file=sys.stderr)
        _run([KERUEN, "demo", "--no-serve"], env)
        print(f"bench api: generating {EXTRA_PROJECTS} projects ...", file=sys.stderr)
        _run([str(BIN / "python"), "-c", GENERATE.format(n=EXTRA_PROJECTS)], env)
        out = _run(
            [KERUEN, "users", "create", "bench-ed", "--role", "regional_editor",
             "--region", "KZ-19", "--token"],
            env,
        )  # fmt: skip
        token = out.strip().splitlines()[-1]
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        kport, rport = _free_port(), _free_port()
        null = subprocess.DEVNULL
        procs.append(
            subprocess.Popen(
                [KERUEN, "serve", "--port", str(kport), "--workers", str(WORKERS)],
                env=env, stdout=null, stderr=null,
            )
        )  # fmt: skip
        raw_env = {**env, "KERUEN_BENCH_DB": str(home / "keruen.sqlite3"),
                   "KERUEN_BENCH_REGIONS": "KZ-19"}  # fmt: skip
        procs.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--bind",
                 f"127.0.0.1:{rport}", "--access-logfile", "-", "bench.raw_wsgi:application"],
                env=raw_env, cwd=ROOT, stdout=null, stderr=null,
            )
        )  # fmt: skip
        path = f"/api/v1/projects/?limit={PAGE}"
        _wait(kport, procs[0], path, headers)
        _wait(rport, procs[1], path, headers)
        count, checked = _same_rows(kport, rport, headers)
        for port in (kport, rport):  # warm every worker
            _load(port, headers, 40)
        results: dict[str, tuple[float, list[float], int]] = {
            "raw": (0.0, [], 0),
            "keruen": (0.0, [], 0),
        }
        for _ in range(ROUNDS):
            for name, port in (("raw", rport), ("keruen", kport)):
                print(f"bench api: {name} round ...", file=sys.stderr)
                secs, lats, errs = _load(port, headers, REQUESTS)
                total = results[name]
                results[name] = (total[0] + secs, total[1] + lats, total[2] + errs)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(home, ignore_errors=True)
    rows = []
    rates = {}
    for name in ("raw", "keruen"):
        secs, lats, errs = results[name]
        rates[name] = len(lats) / secs
        rows.append(
            f"| {'raw cursor (bench/raw_wsgi.py)' if name == 'raw' else 'Keruen API'} "
            f"| {rates[name]:,.0f} | {_pct(lats, 0.5) * 1000:.1f} | {_pct(lats, 0.99) * 1000:.1f} "
            f"| {errs} |"
        )
    ratio = rates["keruen"] / rates["raw"]
    verdict = "meets" if ratio >= TARGET else "falls short of"
    return "\n".join(
        [
            "## API: scoped, paginated project list",
            "",
            f"`GET /api/v1/projects/?limit={PAGE}&offset=K` as a regional editor (KZ-19; bearer "
            f"token) over {count} projects (the demo plus {EXTRA_PROJECTS} generated), pages "
            f"K = 0 … {9 * PAGE}; beside `bench/raw_wsgi.py`, a bare WSGI view answering the same "
            f"rows and fields from one SQLite connection (checked equal on {checked} rows). "
            f"gunicorn, {WORKERS} sync workers each, on 127.0.0.1; {THREADS} client threads, "
            f"{ROUNDS} alternating rounds of {REQUESTS} requests per server.",
            "",
            "| server | req/s | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|",
            *rows,
            "",
            f"Keruen / raw = **{ratio:.0%}** (target ≥ {TARGET:.0%}: {verdict} it).",
        ]
    )


if __name__ == "__main__":
    print(run())
