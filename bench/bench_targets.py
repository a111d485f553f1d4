"""Cost of a target's status and of an event's funnel, beside raw SQL through the DB-API cursor.

Builds a throw-away SQLite database (its own KERUEN_HOME), a target with 5 years × 4 quarters ×
20 investor countries = 400 observations, 300 projects in its scope, and an event with 60
agreements linked to half of them; then times, in CPU seconds of this process (other load on the
machine does not count; SQLite runs in this process, so its work counts on both sides):

- `target_status` (every figure, breakdowns included) against two raw baselines: the issue's
  original one, two SQL sums over the same rows (observations of the target; investment of the
  projects by stage), which computes far less; and a like-for-like one that computes every figure
  and breakdown `target_status` returns with plain SQL through the cursor and the same
  hand-checkable arithmetic (`keruen.targets.selectors`' pure functions), checked equal to
  Keruen's result;
- `funnel_by_event` the same way: the original one SQL aggregate, and a like-for-like raw funnel
  (counts, values, conversion, projects by stage, investment, stale agreements and their
  projects), checked equal.

Issue 17's ≤ 5× goal is judged on the like-for-like ratio.

    python -m bench targets
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

#: The project stages, in order (keruen.projects.models.Stage), for the raw funnel.
STAGES = (
    "announced",
    "agreed",
    "preparation",
    "construction",
    "operating",
    "suspended",
    "cancelled",
)
OBS_YEARS = range(2025, 2030)
COUNTRIES = 20
PROJECTS = 300
AGREEMENTS = 60
REPEAT = 20


def _cpu(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    fn()  # warm
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def run() -> str:
    home = tempfile.mkdtemp(prefix="keruen-bench-targets-")
    try:
        setup(home)
        return measure(*build())
    finally:
        shutil.rmtree(home, ignore_errors=True)


def setup(home: str) -> None:
    """Django on a fresh SQLite database in `home`, migrated."""
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> tuple[Any, Any, dt.date]:
    """The target, the event and the day of the status (inside the period: the pipeline counts)."""
    from keruen.agreements.services import agreement_create, event_create
    from keruen.projects.models import Stage
    from keruen.projects.services import portfolio_create, project_create
    from keruen.reference.models import Country
    from keruen.reference.selectors import Resolver, fx_table
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
    return target, event, dt.date(2030, 1, 1) - dt.timedelta(days=400)


# -- raw SQL: the original baselines ---------------------------------------------------


def raw_status_sums(target: Any) -> None:
    """Two SQL sums: the observations of the target, the projects' investment by stage."""
    from django.db import connection

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


def raw_funnel_aggregate(event: Any) -> None:
    """One SQL aggregate over the event's agreements."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*), SUM(a.value_usd), COUNT(DISTINCT ap.project_id) "
            "FROM agreements_agreement a LEFT JOIN agreements_agreement_projects ap "
            "ON ap.agreement_id = a.id WHERE a.event_id = %s",
            [event.pk],
        )
        cur.fetchall()


# -- raw SQL: like for like --------------------------------------------------------------------

#: The observations of the period begun by the day, summed per period, country, region and top of
#: the sector tree (five levels up): four GROUP BYs in one statement.
RAW_OBSERVATIONS = """
WITH o AS (SELECT * FROM targets_observation
           WHERE target_id = %s AND year >= %s AND year <= %s
             AND (year < %s OR (year = %s AND (quarter IS NULL OR quarter <= %s))))
SELECT 'period', o.year, o.quarter, NULL, SUM(o.value_in_target) FROM o GROUP BY 2, 3
UNION ALL
SELECT 'country', NULL, NULL, c.code, SUM(o.value_in_target)
FROM o LEFT JOIN reference_country c ON c.id = o.country_id GROUP BY 4
UNION ALL
SELECT 'region', NULL, NULL, r.code, SUM(o.value_in_target)
FROM o LEFT JOIN reference_region r ON r.id = o.region_id GROUP BY 4
UNION ALL
SELECT 'sector', NULL, NULL, COALESCE(s5.code, s4.code, s3.code, s2.code, s1.code, s0.code),
       SUM(o.value_in_target)
FROM o
LEFT JOIN reference_sector s0 ON s0.id = o.sector_id
LEFT JOIN reference_sector s1 ON s1.id = s0.parent_id
LEFT JOIN reference_sector s2 ON s2.id = s1.parent_id
LEFT JOIN reference_sector s3 ON s3.id = s2.parent_id
LEFT JOIN reference_sector s4 ON s4.id = s3.parent_id
LEFT JOIN reference_sector s5 ON s5.id = s4.parent_id
GROUP BY 4
"""

#: The projects of the target's portfolio that may still invest, one row per region, with the
#: lead investor's country, the top of the first sector's tree and whether any critical milestone
#: has a baseline.
RAW_PIPELINE = """
SELECT p.id, p.stage, p.total_investment_usd, p.end_on,
       (SELECT c.code FROM projects_projectinvestor pi
        JOIN parties_organization o ON o.id = pi.organization_id
        JOIN reference_country c ON c.id = o.country_id
        WHERE pi.project_id = p.id
        ORDER BY CASE WHEN pi.role = 'lead' THEN 0 ELSE 1 END, pi.share IS NULL, pi.share DESC,
                 c.code
        LIMIT 1),
       (SELECT COALESCE(s2.code, s1.code, s0.code) FROM projects_project_sectors ps
        JOIN reference_sector s0 ON s0.id = ps.sector_id
        LEFT JOIN reference_sector s1 ON s1.id = s0.parent_id
        LEFT JOIN reference_sector s2 ON s2.id = s1.parent_id
        WHERE ps.project_id = p.id
        ORDER BY CASE WHEN s0.kind = 'section' THEN 0 ELSE 1 END, s0.code
        LIMIT 1),
       r.code
FROM projects_project p
LEFT JOIN projects_project_regions pr ON pr.project_id = p.id
LEFT JOIN reference_region r ON r.id = pr.region_id
WHERE p.counts_in_totals AND p.stage IN ({stages}) AND (p.end_on IS NULL OR p.end_on <= %s)
  AND p.id IN (SELECT pp.project_id FROM projects_project_portfolios pp
               JOIN projects_portfolio po ON po.id = pp.portfolio_id WHERE po.slug = %s)
ORDER BY p.code, r.code
"""

RAW_MILESTONES = """
SELECT m.project_id, m.baseline_on, m.planned_on, m.forecast_on, m.actual_on, m.is_critical
FROM projects_milestone m
WHERE m.is_critical AND m.baseline_on IS NOT NULL AND m.project_id IN ({ids})
"""

RAW_NAMES = "SELECT code, name, name_ru, name_kk FROM reference_{table} WHERE code IN ({codes})"


class RawMilestone(NamedTuple):
    project_id: int
    baseline_on: dt.date | None
    planned_on: dt.date | None
    forecast_on: dt.date | None
    actual_on: dt.date | None
    is_critical: bool


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _date(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _cents(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def raw_status(target: Any, as_of: dt.date) -> dict[str, Any]:
    """Every figure and breakdown of `target_status` for this bench's target (a portfolio's
    investment, linear trajectory, in USD), by plain SQL and arithmetic."""
    from django.db import connection
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from keruen.projects.schedule import forecast_completion
    from keruen.targets import selectors as pure

    zero = Decimal(0)
    years = list(range(target.period_start_year, target.period_end_year + 1))
    value = target.target_value
    quarter_now = (as_of.month - 1) // 3 + 1
    with connection.cursor() as cur:
        cur.execute(
            RAW_OBSERVATIONS,
            [target.pk, years[0], years[-1], as_of.year, as_of.year, quarter_now],
        )
        obs = cur.fetchall()
        cur.execute("SELECT stage, probability FROM targets_stageprobability")
        probs = dict(pure.DEFAULT_STAGE_PROBABILITIES)
        probs.update((stage, _decimal(p)) for stage, p in cur.fetchall())
        stages = [s for s, p in probs.items() if p > 0]
        projects: dict[int, list[Any]] = {}
        if as_of <= dt.date(years[-1], 12, 31):
            cur.execute(
                RAW_PIPELINE.format(stages=", ".join(["%s"] * len(stages))),
                [*stages, dt.date(years[-1], 12, 31), target.portfolio.slug],
            )
            for pid, *fields, region in cur.fetchall():
                projects.setdefault(pid, [*fields, []])[-1] += [region] if region else []
        critical: dict[int, list[RawMilestone]] = {}
        if projects:
            cur.execute(RAW_MILESTONES.format(ids=", ".join(["%s"] * len(projects))), [*projects])
            for row in cur.fetchall():
                m = RawMilestone(row[0], *map(_date, row[1:5]), bool(row[5]))
                critical.setdefault(m.project_id, []).append(m)
        sums: dict[str, dict[str | None, list[Decimal]]] = {
            "country": {},
            "region": {},
            "sector": {},
        }
        periods: dict[tuple[int, int | None], Decimal] = {}
        for kind, y, q, key, v in obs:
            if kind == "period":
                periods[(y, q)] = _decimal(v)
            else:
                sums[kind][key] = [_decimal(v), zero]
        pipeline = 0
        weighted_total = zero
        for pid, (stage, total_usd, end_on, country, sector, regions) in projects.items():
            end = _date(end_on)
            if pid in critical and end is not None:
                done = forecast_completion(end, critical[pid])
                if done and done.year > years[-1]:
                    continue
            remaining = _decimal(total_usd) if total_usd is not None else None
            if not remaining:
                continue
            weighted = remaining * probs[stage]
            pipeline += 1
            weighted_total += weighted
            sums["country"].setdefault(country, [zero, zero])[1] += weighted
            sums["sector"].setdefault(sector, [zero, zero])[1] += weighted
            for region in regions or [None]:
                sums["region"].setdefault(region, [zero, zero])[1] += weighted / len(regions or [1])
        names: dict[str, dict[str, str]] = {}
        lang = (get_language() or "en")[:2]
        for kind, table in (("country", "country"), ("region", "region"), ("sector", "sector")):
            codes = [k for k in sums[kind] if k]
            names[kind] = {}
            if codes:
                cur.execute(
                    RAW_NAMES.format(table=table, codes=", ".join(["%s"] * len(codes))), codes
                )
                for code, en, ru, kk in cur.fetchall():
                    names[kind][code] = {"ru": ru, "kk": kk}.get(lang) or en
    ordered = sorted(periods.items())
    actual = sum(periods.values(), zero)
    per_year = pure.years_actual((y, q, v) for (y, q), v in ordered)
    last = max(((y, q or 4) for y, q in periods), default=None)
    plan = pure.planned_by_year(target_value=value, years=years)
    starts, ends = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    to_date = zero if as_of < starts else pure.planned_through_date(plan, min(as_of, ends))
    to_reported = pure.planned_through_quarter(plan, *last) if last else zero
    trend = pure.trend_by_year(years, per_year)
    forecast_trend = sum(trend.values(), zero) if trend else None
    forecast_pipeline = actual + weighted_total
    left = 0 if as_of > ends else pure.quarters_remaining(years[0], years[-1], last)
    gap = value - actual
    required = zero if gap <= 0 else (None if left == 0 else gap / (Decimal(left) / 4))
    status, reason = pure.status_of(
        target_value=value,
        actual=actual,
        trajectory_to_reported=to_reported,
        projection=forecast_trend if forecast_trend is not None else forecast_pipeline,
    )
    by_year = []
    planned_cum = actual_cum = zero
    for y in years:
        a = per_year.get(y)
        planned_cum += plan[y]
        actual_cum += a.total if a else zero
        reported = ""
        if a is not None:
            reported = "year" if not a.quarters else "Q" + ",".join(map(str, sorted(a.quarters)))
        by_year.append(
            [
                y,
                _cents(plan[y]),
                _cents(planned_cum),
                _cents(a.total if a else zero),
                _cents(actual_cum),
                _cents(trend.get(y)),
                reported,
            ]
        )
    unspecified = _("not specified")
    breakdowns = {
        kind: [
            [key, unspecified if key is None else names[kind].get(key, key), _cents(a), _cents(p)]
            for key, (a, p) in sorted(
                rows.items(), key=lambda kv: (kv[0] is None, -(kv[1][0] + kv[1][1]), kv[0] or "")
            )
        ]
        for kind, rows in sums.items()
    }
    return {
        "actual": _cents(actual),
        "reported_through": pure.period_end(*last) if last else None,
        "trajectory_to_date": _cents(to_date),
        "trajectory_to_reported": _cents(to_reported),
        "forecast_trend": _cents(forecast_trend),
        "forecast_pipeline": _cents(forecast_pipeline),
        "required_run_rate": _cents(required),
        "remaining_years": float(Decimal(left) / 4),
        "status": [status, reason],
        "pipeline_projects": pipeline,
        "by_year": by_year,
        **{f"by_{kind}": rows for kind, rows in breakdowns.items()},
    }


def keruen_status_figures(s: Any) -> dict[str, Any]:
    """The same figures from Keruen's `TargetStatus`, to check the raw ones against."""
    return {
        "actual": _cents(s.actual),
        "reported_through": s.reported_through,
        "trajectory_to_date": _cents(s.trajectory_to_date),
        "trajectory_to_reported": _cents(s.trajectory_to_reported),
        "forecast_trend": _cents(s.forecast_trend),
        "forecast_pipeline": _cents(s.forecast_pipeline),
        "required_run_rate": _cents(s.required_run_rate),
        "remaining_years": float(s.remaining_years),
        "status": [s.status, s.status_reason],
        "pipeline_projects": len(s.pipeline),
        "by_year": [
            [
                r.year,
                _cents(r.planned),
                _cents(r.planned_cumulative),
                _cents(r.actual),
                _cents(r.actual_cumulative),
                _cents(r.forecast_trend),
                r.reported,
            ]
            for r in s.by_year
        ],
        **{
            f"by_{kind}": [[b.key, b.label, _cents(b.actual), _cents(b.pipeline)] for b in rows]
            for kind, rows in (
                ("country", s.by_country),
                ("region", s.by_region),
                ("sector", s.by_sector),
            )
        },
    }


RAW_FUNNEL_TOTALS = """
SELECT COUNT(*), SUM(value_usd), SUM(CASE WHEN linked THEN 1 ELSE 0 END),
       SUM(CASE WHEN linked THEN value_usd END),
       SUM(CASE WHEN is_illustrative THEN 1 ELSE 0 END)
FROM (SELECT a.value_usd, a.is_illustrative,
             EXISTS(SELECT 1 FROM agreements_agreement_projects ap
                    WHERE ap.agreement_id = a.id) AS linked
      FROM agreements_agreement a WHERE a.event_id = %s) AS t
"""

RAW_FUNNEL_STAGES = """
SELECT p.stage, COUNT(*), SUM(p.total_investment_usd)
FROM projects_project p
WHERE p.counts_in_totals AND p.id IN (
    SELECT ap.project_id FROM agreements_agreement_projects ap
    JOIN agreements_agreement a ON a.id = ap.agreement_id WHERE a.event_id = %s)
GROUP BY p.stage
"""

#: Stale: signed by the cutoff, still open, and none of its projects operating or moved since the
#: cutoff (every project is visible to this reader); one row per linked project.
RAW_FUNNEL_STALE = """
SELECT a.code, a.title, a.title_ru, a.title_kk, a.signed_on, a.value_usd, p.code
FROM agreements_agreement a
LEFT JOIN agreements_agreement_projects ap ON ap.agreement_id = a.id
LEFT JOIN projects_project p ON p.id = ap.project_id
WHERE a.event_id = %s AND a.signed_on IS NOT NULL AND a.signed_on <= %s
  AND a.status NOT IN ('completed', 'terminated')
  AND NOT EXISTS (SELECT 1 FROM agreements_agreement_projects m
                  JOIN projects_project mp ON mp.id = m.project_id
                  WHERE m.agreement_id = a.id
                    AND (mp.stage = 'operating' OR mp.stage_since > %s))
ORDER BY a.code, p.code
"""


def raw_funnel(slug: str, as_of: dt.date, months: int) -> dict[str, Any]:
    """Every figure of `funnel_by_event` for one event, by plain SQL and arithmetic."""
    from django.db import connection
    from django.utils.translation import get_language

    from keruen.targets.funnel import months_before

    def rate(part: Any, whole: Any) -> float:
        return round(float(Decimal(part) / Decimal(whole)), 4) if whole else 0.0

    lang = (get_language() or "en")[:2]
    cutoff = months_before(as_of, months)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, title, title_ru, title_kk, starts_on FROM agreements_event WHERE slug = %s",
            [slug],
        )
        pk, en, ru, kk, starts_on = cur.fetchone()
        cur.execute(RAW_FUNNEL_TOTALS, [pk])
        n, value, linked, linked_value, illustrative = cur.fetchone()
        cur.execute(RAW_FUNNEL_STAGES, [pk])
        stage_rows = cur.fetchall()
        cur.execute(RAW_FUNNEL_STALE, [pk, cutoff, cutoff])
        stale_rows = cur.fetchall()
    by_stage = dict.fromkeys(STAGES, 0)
    invested = realised = Decimal(0)
    for stage, count, investment in stage_rows:
        by_stage[stage] += count
        invested += _decimal(investment or 0)
        realised += _decimal(investment or 0) if stage == "operating" else 0
    projects = sum(by_stage.values())
    stale: dict[str, dict[str, Any]] = {}
    for code, a_en, a_ru, a_kk, signed_on, a_value, project in stale_rows:
        item = stale.setdefault(
            code,
            {
                "code": code,
                "title": {"ru": a_ru, "kk": a_kk}.get(lang) or a_en,
                "signed_on": str(signed_on),
                "value_usd": None if a_value is None else float(a_value),
                "reason": "no_progress" if project else "no_project",
                "projects": [],
            },
        )
        item["projects"] += [project] if project else []
    prep, cons, oper = by_stage["preparation"], by_stage["construction"], by_stage["operating"]
    return {
        "event": slug,
        "title": {"ru": ru, "kk": kk}.get(lang) or en,
        "starts_on": str(starts_on) if starts_on else None,
        "as_of": as_of.isoformat(),
        "agreements": n,
        "agreements_value_usd": float(value or 0),
        "linked_agreements": linked or 0,
        "linked_agreements_value_usd": float(linked_value or 0),
        "linked_projects": projects,
        "projects_by_stage": by_stage,
        "projects_preparation": prep,
        "projects_construction": cons,
        "projects_operating": oper,
        "investment_linked_usd": float(invested),
        "investment_realised_usd": float(realised),
        "conversion_rate": rate(linked or 0, n),
        "value_conversion_rate": rate(_decimal(linked_value or 0), _decimal(value or 0)),
        "construction_rate": rate(cons + oper, projects),
        "operating_rate": rate(oper, projects),
        "stale_months": months,
        "stale_agreements": len(stale),
        "stale": list(stale.values()),
        "is_illustrative": bool(n) and illustrative == n,
    }


def measure(target: Any, event: Any, as_of: dt.date) -> str:
    from django.utils import timezone

    from keruen.targets.funnel import funnel_by_event, stale_months_default
    from keruen.targets.selectors import target_status

    today, months = timezone.localdate(), stale_months_default()
    status = keruen_status_figures(target_status(user=None, target=target, as_of=as_of))
    assert status == raw_status(target, as_of), "raw status differs from Keruen's"
    funnel = funnel_by_event(user=None, event=event.slug, as_of=today)[0].to_json_dict()
    assert funnel == raw_funnel(event.slug, today, months), "raw funnel differs from Keruen's"

    status_k = _cpu(lambda: target_status(user=None, target=target, as_of=as_of))
    status_sums = _cpu(lambda: raw_status_sums(target))
    status_raw = _cpu(lambda: raw_status(target, as_of))
    funnel_k = _cpu(lambda: funnel_by_event(user=None, event=event.slug, as_of=today))
    funnel_sums = _cpu(lambda: raw_funnel_aggregate(event))
    funnel_raw = _cpu(lambda: raw_funnel(event.slug, today, months))
    n_obs = len(OBS_YEARS) * 4 * COUNTRIES

    def row(what: str, k: float, raw: float) -> str:
        return f"| {what} | {k * 1000:.1f} ms | {raw * 1000:.2f} ms | {k / raw:.1f}× |"

    return "\n".join(
        [
            "## Targets and the funnel",
            "",
            f"SQLite; a target with {n_obs} observations and {PROJECTS} projects in scope; an "
            f"event with {AGREEMENTS} agreements ({funnel['stale_agreements']} stale). CPU time "
            f"of this process per call (SQLite's work included on both sides), mean of {REPEAT}.",
            "",
            "| what | Keruen | raw SQL | ratio |",
            "|---|---|---|---|",
            row(
                "`target_status` vs like-for-like raw SQL (every figure and breakdown)",
                status_k,
                status_raw,
            ),
            row(
                "`target_status` vs two SQL sums (the issue's original baseline)",
                status_k,
                status_sums,
            ),
            row(
                "`funnel_by_event` (one event) vs like-for-like raw SQL (every figure, stale list)",
                funnel_k,
                funnel_raw,
            ),
            row(
                "`funnel_by_event` (one event) vs one SQL aggregate "
                "(the issue's original baseline)",
                funnel_k,
                funnel_sums,
            ),
            "",
            "**Which ratio is which.** The like-for-like raw side computes the same outputs as "
            "Keruen — for the status: actual, trajectory, both forecasts, run-rate, status and its "
            "reason, the years, the breakdowns by country, region and sector with their names, "
            "the pipeline; for the funnel: counts, values, conversion, projects by stage, "
            "investment, the stale agreements with their projects — with plain SQL through the "
            "DB-API cursor and the same pure arithmetic, and the bench checks its result equal to "
            "Keruen's before timing. It reads as Keruen itself (no rows hidden), so it skips the "
            "access rules' filters, which Keruen still builds. Issue 17's ≤ 5× goal is judged on "
            "this ratio. The original baselines (two SQL sums; one aggregate) compute a small part "
            "of those outputs (no trend, breakdowns, pipeline, conversion, stale list or access "
            "rules); they are kept so the figures compare with earlier runs.",
        ]
    )


if __name__ == "__main__":
    print(run())
