"""EXPLAIN ANALYZE of the hot pages' queries on PostgreSQL, with BULK more projects.

In a throw-away database on the server at KERUEN_BENCH_PG (default
postgresql://postgres@127.0.0.1:5432/postgres, dropped afterwards), this migrates, loads the demo
and BULK more projects in the demo portfolio exactly as `bench web` does (env
KERUEN_BENCH_WEB_BULK, default 100,000; COPY; the summary tables rebuilt; ANALYZE), then requests
the dashboard, the project list (whole and one region) and the API list as a coordinator in
process, records every query each one runs with its time, and writes the plans
(`EXPLAIN (ANALYZE, COSTS OFF)`) of each page's slowest queries.

    python -m bench explain

Issue 17: indexes for every filter and sort the pages offer, and the plans of the hot queries
recorded here, so that a query that starts passing over every project shows in review.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from typing import Any
from urllib.parse import urlsplit

from bench import bench_web  # puts src/ on the path, as every bench does

SLOWEST = 3  # plans recorded per page
PAGES = {**bench_web.PAGES, **bench_web.API}


def _queries(path: str, headers: dict[str, str]) -> list[tuple[float, str, Any]]:
    """(ms, SQL, params) of every query one request to `path` runs (after a warm-up one)."""
    from django.db import connection
    from django.test import Client

    log: list[tuple[float, str, Any]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - start) * 1000, sql, params))

    client = Client()
    for _ in range(2):
        log.clear()
        with connection.execute_wrapper(timed):
            response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
    return log


def _plan(sql: str, params: Any) -> tuple[float, str]:
    """The plan of one query and its execution time by EXPLAIN (ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    ms = next(float(x.split()[2]) for x in lines if x.startswith("Execution Time:"))
    return ms, "\n".join(lines)


def _measure(url: str) -> list[str]:
    home = tempfile.mkdtemp(prefix="keruen-bench-explain-")
    try:
        headers = bench_web._setup(home, url)
        bench_web._bulk()
        from django.conf import settings

        from keruen.projects.models import Project

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        lines = [
            f"{Project.objects.count():,} projects ({bench_web.BULK:,} added to the demo "
            "portfolio as `bench web` adds them); a coordinator; each page requested once to warm "
            "up, then once more with every query timed (from the client: round trips included); "
            "then every query explained (`EXPLAIN (ANALYZE, COSTS OFF)`: execution time in the "
            f"server) and the plans of the {SLOWEST} slowest by that time recorded.",
            "",
            "| page | queries | ms in SQL, timed | ms executing, EXPLAIN | slowest, EXPLAIN ms |",
            "|---|---:|---:|---:|---:|",
        ]
        plans: list[str] = []
        for label, path in PAGES.items():
            kind = "api" if path.startswith("/api/") else "page"
            log = _queries(path, headers[kind])
            explained = sorted(
                ((*_plan(sql, params), sql) for _ms, sql, params in log), key=lambda q: -q[0]
            )
            lines.append(
                f"| {label} | {len(log)} | {sum(q[0] for q in log):.1f} | "
                f"{sum(q[0] for q in explained):.1f} | {explained[0][0]:.1f} |"
            )
            plans += ["", f"### {label}"]
            for ms, plan, sql in explained[:SLOWEST]:
                plans += [
                    "",
                    f"{ms:.1f} ms: `{sql[:160]}{'…' if len(sql) > 160 else ''}`",
                    "",
                    "```",
                    plan,
                    "```",
                ]
        return lines + plans
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run() -> str:
    from keruen.core.pgcheck import answers

    heading = ["## Query plans of the hot pages on PostgreSQL (issue 17)", ""]
    if not answers(bench_web.PG_URL):
        return "\n".join(
            [
                *heading,
                f"SKIPPED — no PostgreSQL server answers at `{bench_web.PG_URL}` (set "
                "KERUEN_BENCH_PG to record the plans).",
            ]
        )
    import psycopg

    db = f"keruen_bench_explain_{os.getpid()}"
    url = urlsplit(bench_web.PG_URL)._replace(path=f"/{db}").geturl()
    with psycopg.connect(bench_web.PG_URL, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {db}")
        c.execute(f"CREATE DATABASE {db}")
    try:
        return "\n".join([*heading, *_measure(url)])
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(bench_web.PG_URL, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    print(run())
