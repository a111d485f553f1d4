"""Cost of the 20 region scorecards (/regions/, `keruen regions scorecard`), beside raw SQL.

Builds a throw-away SQLite database (its own KERUEN_HOME) with 5,000 projects spread over the 20
regions (every tenth in two regions, stages and stage dates varied) and 500 agreements, written
with `bulk_create` (the data, not the writes, is what is measured) and the summary tables rebuilt
as after any load around the services (`keruen rebuild-summary`), then times, in CPU seconds of
this process:

- `region_scorecards(user=None)`: every figure of every region and the lagging verdicts;
- one raw SQL GROUP BY that counts projects, sums investment and counts stalled projects per
  region — the part of the work the engine alone could do.

    python -m bench regions
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PROJECTS = 5000
AGREEMENTS = 500
REPEAT = 5


def _cpu(fn, repeat: int = REPEAT) -> float:
    fn()  # warm
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def run() -> str:
    home = tempfile.mkdtemp(prefix="keruen-bench-regions-")
    try:
        return _run(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(home: str) -> str:
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import datetime as dt
    import random
    from decimal import Decimal

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from keruen.agreements.models import Agreement
    from keruen.projects.cube import rebuild
    from keruen.projects.models import Project, Stage
    from keruen.reference.models import Region
    from keruen.regions.scorecard import region_scorecards

    rng = random.Random(7)
    today = dt.date(2026, 6, 1)
    regions = list(Region.objects.order_by("code"))
    stages = list(Stage)
    Project.objects.bulk_create(
        Project(
            code=f"B-{n:05d}",
            title=f"Bench project {n}",
            stage=rng.choice(stages),
            stage_since=today - dt.timedelta(days=rng.randint(0, 900)),
            total_investment_usd=Decimal(rng.randint(1, 500)) * 10**6,
            jobs_planned=rng.randint(10, 900),
            jobs_created=rng.randint(0, 100),
            counts_in_totals=n % 50 != 0,
        )
        for n in range(PROJECTS)
    )
    through = Project.regions.through
    links = []
    for n, pk in enumerate(Project.objects.order_by("pk").values_list("pk", flat=True)):
        links.append(through(project_id=pk, region_id=regions[n % 20].pk))
        if n % 10 == 0:
            links.append(through(project_id=pk, region_id=regions[(n + 7) % 20].pk))
    through.objects.bulk_create(links)
    Agreement.objects.bulk_create(
        Agreement(
            code=f"BA-{n:04d}",
            title=f"Bench agreement {n}",
            kind="commercial",
            region=regions[n % 20],
            value_usd=Decimal(rng.randint(1, 900)) * 10**6,
        )
        for n in range(AGREEMENTS)
    )
    rebuild()

    cards = region_scorecards(user=None, today=today)
    # Each project once in each of its regions: every record, and those counting in totals.
    counted_links = through.objects.filter(project__counts_in_totals=True).count()
    assert sum(c.projects for c in cards) == len(links)
    assert sum(c.projects_counted for c in cards) == counted_links

    stalled_before = dt.date(2025, 6, 1)
    sql = """
        SELECT r.code, COUNT(*), SUM(CASE WHEN p.counts_in_totals THEN p.total_investment_usd END),
               SUM(CASE WHEN p.stage NOT IN ('operating', 'cancelled')
                         AND p.stage_since < %s THEN 1 ELSE 0 END)
        FROM projects_project p
        JOIN projects_project_regions pr ON pr.project_id = p.id
        JOIN reference_region r ON r.id = pr.region_id
        GROUP BY r.code ORDER BY r.code
    """

    def raw() -> None:
        with connection.cursor() as c:
            c.execute(sql, [stalled_before])
            c.fetchall()

    keruen = _cpu(lambda: region_scorecards(user=None, today=today))
    engine = _cpu(raw)
    lagging = sum(c.lagging for c in cards)
    return f"""## Regions: the 20 scorecards

{PROJECTS:,} projects over the 20 regions ({len(links):,} project–region links), {AGREEMENTS}
agreements, SQLite; CPU seconds per call, mean of {REPEAT}.

| what | Keruen | raw SQL GROUP BY | ratio |
|---|---|---|---|
| every region's scorecard and verdict (`region_scorecards`) | {keruen * 1000:.1f} ms \
| {engine * 1000:.1f} ms | {keruen / engine:.1f}× |

The raw query computes three of the scorecard's figures; Keruen computes all of them (stages,
agreements and their conversion, initiatives, overdue instructions, the trend from history) and
judges every region ({lagging} of 20 lag on this random data). The projects' figures are sums
of the summary tables' cells per region (`keruen.projects.cube`: stages, stalled, advanced since
the last meeting), a fixed number of queries; all but one cost the size of the summary tables,
not of the projects: the projects written since the last meeting are judged by their history,
one look-up each (a cost that grows with the changes since the meeting).
"""
