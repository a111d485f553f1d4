"""Render time of the demo brief (issue 17: at most 1.5 s in a warm process, at most 5 s with
100,000 more projects), beside a bare WeasyPrint render.

Loads the demo into a throw-away SQLite database (or uses $KERUEN_HOME's when it holds one), then
times, in one warm process: `briefing_build` (the queries), the HTML with its charts (vl-convert)
and the PDF (WeasyPrint), for kk, ru and en, the median of a few runs each; and, in the same run,
WeasyPrint alone turning a one-paragraph page into a PDF — the least any PDF costs here.

Then, in the throw-away database only (never in $KERUEN_HOME's), it adds 100,000 projects to the
demo portfolio as `bench web` does (`bench_web._bulk`: each with a region, a sector and an
investor; KERUEN_BENCH_WEB_BULK sets how many) and times the brief again.

    python -m bench brief          # writes its section of docs/benchmarks.md
    python bench/bench_brief.py    # prints the section
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

RUNS = 3
BIG_RUNS = 1  # with 100,000 more projects each brief takes seconds: one run, in English
TARGET_S = 1.5
BIG_TARGET_S = 5.0
LANGUAGES = ("en", "ru", "kk")


def _setup() -> bool:
    """Migrates and loads the demo; True when the database is a throw-away one of the bench's."""
    own = not os.environ.get("KERUEN_HOME")
    if own:
        os.environ["KERUEN_HOME"] = tempfile.mkdtemp(prefix="keruen-bench-brief-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from keruen.demo.loader import demo_present, load_demo

    call_command("migrate", verbosity=0)
    if not demo_present():
        load_demo()
    return own


def _median(f: Any, runs: int) -> tuple[float, float, Any]:
    """Median wall-clock and CPU seconds of `f()` (CPU: the process's, all its threads), and
    its result."""
    times, cpu = [], []
    out = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = f()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(times), statistics.median(cpu), out


def _measure(runs: int, languages: tuple[str, ...] = LANGUAGES) -> list[tuple[Any, ...]]:
    """One row per language: the brief (wall, CPU), its parts (wall), pages and PDF size."""
    import weasyprint
    from django.conf import settings

    from keruen.reports.briefing import (
        briefing_build,
        briefing_render_html,
        briefing_render_pdf,
    )

    base = str(settings.BASE_DIR)
    rows = []
    for lang in languages:
        briefing_render_pdf(briefing_build(user=None, portfolio="kz-cn", language=lang))  # warm
        total, total_cpu, pdf = _median(
            lambda lang=lang: briefing_render_pdf(
                briefing_build(user=None, portfolio="kz-cn", language=lang)
            ),
            runs,
        )
        build, _, b = _median(
            lambda lang=lang: briefing_build(user=None, portfolio="kz-cn", language=lang), runs
        )
        html_s, _, page = _median(lambda b=b: briefing_render_html(b), runs)
        pdf_s, _, _ = _median(
            lambda page=page: weasyprint.HTML(string=page, base_url=base).write_pdf(), runs
        )
        pages = len(weasyprint.HTML(string=page, base_url=base).render().pages)
        rows.append((lang, total, total_cpu, build, html_s, pdf_s, pages, len(pdf)))
    return rows


def _table(rows: list[tuple[Any, ...]], bare: float, target: float) -> list[str]:
    lines = [
        "| language | brief, wall | brief, CPU | × bare WeasyPrint (wall) | build (queries) "
        "| HTML + charts | WeasyPrint PDF | pages | PDF size |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, total, total_cpu, build, html_s, pdf_s, pages, size in rows:
        lines.append(
            f"| {lang} | {total:.2f} s | {total_cpu:.2f} s | {total / bare:.0f}× | {build:.2f} s "
            f"| {html_s:.2f} s | {pdf_s:.2f} s | {pages} | {size / 1024:.0f} KiB |"
        )
    worst = max(r[1] for r in rows)
    verdict = "meets" if worst <= target else "**misses**"
    lines += ["", f"Slowest language: {worst:.2f} s wall against {target:g} s: {verdict}."]
    return lines


def run() -> str:
    own = _setup()
    try:
        return _run(own)
    finally:
        if own:
            shutil.rmtree(os.environ["KERUEN_HOME"], ignore_errors=True)


def _run(own: bool) -> str:
    import weasyprint

    from keruen.projects.models import Project

    bare_html = "<html><body><p>Keruen</p></body></html>"
    weasyprint.HTML(string=bare_html).write_pdf()  # warm: fonts, stylesheets
    bare, bare_cpu, _ = _median(lambda: weasyprint.HTML(string=bare_html).write_pdf(), RUNS)
    load = os.getloadavg()[0]
    n_demo = Project.objects.count()
    demo = _measure(RUNS)

    lines = [
        "## Briefing pack: render time of the demo brief",
        "",
        "`keruen brief --portfolio kz-cn` in one warm process (the command adds the process start,",
        "about 2–3 s of imports and the chart engine's start, once). Median of "
        f"{RUNS} runs; target at most {TARGET_S:g} s.",
        "",
        f"Demo ({n_demo:,} projects):",
        "",
        *_table(demo, bare, TARGET_S),
        "",
    ]
    if own:
        from bench import bench_web

        start = time.perf_counter()
        bench_web._bulk()
        bulk_s = time.perf_counter() - start
        n_big = Project.objects.count()
        big = _measure(BIG_RUNS, ("en",))
        lines += [
            f"With {n_big - n_demo:,} more projects in the portfolio ({n_big:,} in all, added as "
            f"`bench web` adds them, in {bulk_s:.0f} s; English, {BIG_RUNS} run after a warm "
            f"one; target at most {BIG_TARGET_S:g} s):",
            "",
            *_table(big, bare, BIG_TARGET_S),
            "",
        ]
    else:
        lines += [
            "With more projects: skipped — KERUEN_HOME is the caller's database, and the bench "
            "adds projects only to a throw-away one (run it without KERUEN_HOME).",
            "",
        ]
    lines.append(
        f"Bare WeasyPrint (a one-paragraph page to PDF, same run): {bare * 1000:.0f} ms wall, "
        f"{bare_cpu * 1000:.0f} ms CPU. Load average at the start: {load:.1f} on "
        f"{os.cpu_count()} cores: when it is far above the cores, wall time mostly measures the "
        "wait for a core, and the CPU column is the better guide to the brief's own cost."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
