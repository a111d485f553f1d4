"""Cost of a target's status and of an event's funnel, beside the raw SQL sums they rest on.

Builds a throw-away SQLite database (its own KERUEN_HOME), a target with 5 years × 4 quarters ×
20 investor countries = 400 observations, 300 projects in its scope, and an event with 60
agreements linked to some of them; then times, in CPU seconds of this process (other load on the
machine does not count):

- `target_status` (every figure, breakdowns included) against the raw engine: two SQL sums
  over the same rows (observations of the target; remaining investment of the pipeline);
- `funnel_by_event` against one raw SQL aggregate over the event's agreements.

    python -m bench targets
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

OBS_YEARS = range(2025, 2030)
COUNTRIES = 20
PROJECTS = 300
AGREEMENTS = 60
REPEAT = 20


def _cpu(fn, repeat: int = REPEAT) -> float:
    fn()  # warm
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def run() -> str:
    home = tempfile.mkdtemp(prefix="keruen-bench-targets-")
    try:
        return _run(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(home: str) -> str:
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import datetime as dt
    from decimal import Decimal

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from keruen.agreements.services import agreement_create, event_create
    from keruen.projects.models import Stage
    from keruen.projects.services import portfolio_create, project_create
    from keruen.reference.models import Country
    from keruen.reference.selectors import Resolver, fx_table
    from keruen.targets.funnel import funnel_by_event
    from keruen.targets.selectors import target_status
    from keruen.targets.services import observation_create, target_create

    resolver, fx = Resolver(), fx_table()
    portfolio_create(actor=None, reason="bench", slug="bench", name="Bench")
    stages = [Stage.ANNOUNCED, Stage.AGREED, Stage.PREPARATION, Stage.CONSTRUCTION]
    projects = [
        project_create(
            actor=None,
            reason="bench",
            resolver=resolver,
            fx=fx,
            title=f"Bench plant {i}",
            stage=stages[i % 4],
            regions=["KZ-19"],
            sectors=["manufacturing"],
            portfolios=["bench"],
            total_investment_amount=Decimal(1_000_000 + i),
            total_investment_currency="USD",
            total_investment_date=dt.date(2025, 1, 1),
            foreign_investment_amount=Decimal(800_000 + i),
            foreign_investment_currency="USD",
            foreign_investment_date=dt.date(2025, 1, 1),
        )
        for i in range(PROJECTS)
    ]
    target = target_create(
        actor=None,
        reason="bench",
        code="bench",
        name="Bench",
        measure="portfolio_investment",
        target_value=Decimal(10**12),
        currency="USD",
        period_start_year=2025,
        period_end_year=2029,
        portfolio="bench",
    )
    countries = list(Country.objects.order_by("code")[:COUNTRIES])
    for year in OBS_YEARS:
        for quarter in (1, 2, 3, 4):
            for c in countries:
                observation_create(
                    actor=None,
                    reason="bench",
                    resolver=resolver,
                    fx=fx,
                    target=target,
                    year=year,
                    quarter=quarter,
                    value=Decimal(1000),
                    currency="USD",
                    country=c,
                    source_text="bench",
                )
    event = event_create(
        actor=None,
        reason="bench",
        slug="bench-forum",
        title="Bench forum",
        kind="forum",
        starts_on=dt.date(2025, 6, 1),
    )
    for i in range(AGREEMENTS):
        agreement_create(
            actor=None,
            reason="bench",
            resolver=resolver,
            fx=fx,
            title=f"Agreement {i}",
            kind="commercial",
            event=event,
            signed_on=dt.date(2025, 6, 1),
            value_amount=Decimal(10_000_000),
            value_currency="USD",
            projects=[projects[i]] if i % 2 else [],
        )
    as_of = dt.date(2030, 1, 1) - dt.timedelta(days=400)  # inside the period: pipeline counts

    def keruen_status() -> None:
        target_status(user=None, target=target, as_of=as_of)

    def raw_status() -> None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT SUM(value_in_target) FROM targets_observation WHERE target_id = %s",
                [target.pk],
            )
            cur.fetchall()
            cur.execute(
                "SELECT stage, SUM(total_investment_usd) FROM projects_project "
                "WHERE counts_in_totals GROUP BY stage"
            )
            cur.fetchall()

    def keruen_funnel() -> None:
        funnel_by_event(user=None, event="bench-forum")

    def raw_funnel() -> None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COUNT(*), SUM(a.value_usd), COUNT(DISTINCT ap.project_id) "
                "FROM agreements_agreement a LEFT JOIN agreements_agreement_projects ap "
                "ON ap.agreement_id = a.id WHERE a.event_id = %s",
                [event.pk],
            )
            cur.fetchall()

    status_k, status_r = _cpu(keruen_status), _cpu(raw_status)
    funnel_k, funnel_r = _cpu(keruen_funnel), _cpu(raw_funnel)
    n_obs = len(OBS_YEARS) * 4 * COUNTRIES
    return "\n".join(
        [
            "## Targets and the funnel",
            "",
            f"SQLite; a target with {n_obs} observations and {PROJECTS} projects in scope; an "
            f"event with {AGREEMENTS} agreements. CPU time of this process per call, mean of "
            f"{REPEAT}.",
            "",
            "| what | Keruen | raw SQL | ratio |",
            "|---|---|---|---|",
            f"| `target_status` (all figures and breakdowns) vs two SQL sums | "
            f"{status_k * 1000:.1f} ms | {status_r * 1000:.2f} ms | {status_k / status_r:.0f}× |",
            f"| `funnel_by_event` (one event) vs one SQL aggregate | "
            f"{funnel_k * 1000:.1f} ms | {funnel_r * 1000:.2f} ms | {funnel_k / funnel_r:.0f}× |",
            "",
            "The status sums the observations in SQL (per period, and per country, region and "
            "sector: GROUP BY queries) and reads one row per project of the pipeline with its "
            "lead investor's country and sector (subqueries), a fixed number of queries whatever "
            "their number; the funnel counts in SQL (aggregates with FILTER and EXISTS). The raw "
            "figures do only the sums: no trend, breakdowns, pipeline, conversion or access rules.",
        ]
    )


if __name__ == "__main__":
    print(run())
