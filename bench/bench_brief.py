"""Render time of the demo brief (issue 9: under 2 s), beside a bare WeasyPrint render.

Loads the demo into a throw-away SQLite database (or uses $KERUEN_HOME's when it holds one), then
times, in one warm process: `briefing_build` (the queries), the HTML with its charts (vl-convert)
and the PDF (WeasyPrint), for kk, ru and en, the median of a few runs each; and, in the same run,
WeasyPrint alone turning a one-paragraph page into a PDF — the least any PDF costs here.

    python -m bench brief          # writes its section of docs/benchmarks.md
    python bench/bench_brief.py    # prints the section
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

RUNS = 3
TARGET_S = 2.0


def _setup() -> str:
    if not os.environ.get("KERUEN_HOME"):
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
    return os.environ["KERUEN_HOME"]


def _median(f: object, runs: int = RUNS) -> tuple[float, object]:
    """Median wall-clock seconds of `f()`, and its result; CPU seconds go to `_cpu`."""
    times, cpu = [], []
    out = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = f()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    _cpu.append(statistics.median(cpu))
    return statistics.median(times), out


_cpu: list[float] = []


def run() -> str:
    _setup()
    import weasyprint

    from keruen.reports.briefing import (
        briefing_build,
        briefing_render_html,
        briefing_render_pdf,
    )

    bare_html = "<html><body><p>Keruen</p></body></html>"
    weasyprint.HTML(string=bare_html).write_pdf()  # warm: fonts, stylesheets
    bare, _ = _median(lambda: weasyprint.HTML(string=bare_html).write_pdf())
    bare_cpu = _cpu[-1]
    load = os.getloadavg()[0]

    rows = []
    for lang in ("en", "ru", "kk"):
        briefing_render_pdf(briefing_build(user=None, portfolio="kz-cn", language=lang))  # warm
        total, pdf = _median(
            lambda lang=lang: briefing_render_pdf(
                briefing_build(user=None, portfolio="kz-cn", language=lang)
            )
        )
        build, b = _median(
            lambda lang=lang: briefing_build(user=None, portfolio="kz-cn", language=lang)
        )

        html_s, page = _median(lambda b=b: briefing_render_html(b))
        pdf_s, _ = _median(lambda page=page: weasyprint.HTML(string=page).write_pdf())
        pages = len(weasyprint.HTML(string=page).render().pages)
        total_cpu = _cpu[-4]  # the whole brief's CPU time (the process's, all its threads)
        rows.append((lang, total, total_cpu, build, html_s, pdf_s, pages, len(pdf)))

    lines = [
        "## Briefing pack: render time of the demo brief",
        "",
        "`keruen brief --portfolio kz-cn` in one warm process (the command adds the process start,",
        "about 2–3 s of imports and the chart engine's start, once). Median of "
        f"{RUNS} runs; target under {TARGET_S:.0f} s.",
        "",
        "| language | brief, wall | brief, CPU | × bare WeasyPrint (wall) | build (queries) "
        "| HTML + charts | WeasyPrint PDF | pages | PDF size |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, total, total_cpu, build, html_s, pdf_s, pages, size in rows:
        lines.append(
            f"| {lang} | {total:.2f} s | {total_cpu:.2f} s | {total / bare:.0f}× | {build:.2f} s "
            f"| {html_s:.2f} s | {pdf_s:.2f} s | {pages} | {size / 1024:.0f} KiB |"
        )
    lines += [
        "",
        f"Bare WeasyPrint (a one-paragraph page to PDF, same run): {bare * 1000:.0f} ms wall, "
        f"{bare_cpu * 1000:.0f} ms CPU. Load average at the start: {load:.1f} on "
        f"{os.cpu_count()} cores: when it is far above the cores, wall time mostly measures the "
        "wait for a core, and the CPU column is the better guide to the brief's own cost.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
