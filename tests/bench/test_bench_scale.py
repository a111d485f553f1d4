"""The scale benchmark, small (issue 17's CI run): its loader writes 2,000 generated projects by
COPY on PostgreSQL, rows Keruen accepts and reads as it reads its own, and its report section
is produced. Correctness only: speed is measured by `python -m bench scale`, not here."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from bench import __main__ as runner
from bench import bench_scale, bench_web
from keruen.core.money import derive_usd
from keruen.projects.figures import coverage, summary, totals
from keruen.projects.models import Portfolio, Project, ProjectInvestor
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import Country
from keruen.reports import dashboard
from tests.accounts.factories import make_user, token_for
from tests.factories import OrganizationFactory, PortfolioFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the scale benchmark loads by COPY: PostgreSQL only",
    ),
]

N = 2000


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The loader's run over a few organizations and the `kz-cn` portfolio (rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        cn, kz = Country.objects.get(code="CN"), Country.objects.get(code="KZ")
        PortfolioFactory(slug="kz-cn", name="Kazakhstan–China")
        for i in range(6):
            OrganizationFactory(name=f"Scale Company {i} Ltd.", country=cn if i % 3 else kz)
        for i in range(2):
            OrganizationFactory(name=f"Scale Ministry {i}", kind="ministry", country=kz)
        for i in range(3):
            OrganizationFactory(name=f"Scale Akimat {i}", kind="akimat", country=kz)
        before = Project.objects.count()
        result = bench_scale.load(N, vacuum=False)  # VACUUM cannot run in a transaction
        result["before"] = before
        yield result
        transaction.set_rollback(True)


def test_the_loader_writes_every_table(loaded: dict[str, Any]) -> None:
    counts = {t["table"]: t["rows"] for t in loaded["tables"]}
    assert Project.objects.count() - loaded["before"] == counts["projects"] == N
    history = Project.history.model  # type: ignore[attr-defined]
    assert history.objects.filter(code__startswith="SC-").count() == N * bench_scale.HISTORY
    assert counts["project history"] == N * bench_scale.HISTORY
    assert (
        ProjectInvestor.objects.filter(project__code__startswith="SC-").count()
        == (counts["investors"])
    )
    assert counts["investor history"] == counts["investors"]
    regions = Project.regions.through.objects.filter(project__code__startswith="SC-").count()
    assert counts["project regions"] == regions >= N
    assert counts["history of project regions"] == regions * bench_scale.HISTORY
    for t in loaded["tables"]:
        assert t["generate_s"] > 0 and t["keruen_s"] > 0 and t["raw_s"] > 0, t
    assert loaded["specs_s"] > 0 and loaded["raw_history"]
    # The sequences moved past the rows written: the next write through the services works.
    assert (
        Project.objects.create(code="after-scale", title="after").pk
        > Project.objects.filter(code__startswith="SC-").order_by("-pk")[0].pk
    )


def test_the_distributions_are_those_of_a_registry(loaded: dict[str, Any]) -> None:
    mine = Project.objects.filter(code__startswith="SC-")
    stages = set(mine.values_list("stage", flat=True))
    assert stages == set(bench_scale.STAGE_WEIGHTS)
    restricted = mine.filter(confidentiality="restricted").count()
    assert 0.02 * N < restricted < 0.10 * N
    assert Portfolio.objects.filter(projects__code__startswith="SC-").distinct().count() == 4
    assert set(mine.values_list("total_investment_currency", flat=True)) == {"USD", "KZT", "CNY"}
    assert mine.filter(regions__code="KZ-75").count() > mine.filter(regions__code="KZ-10").count()


def test_the_generated_rows_pass_the_models_validation(loaded: dict[str, Any]) -> None:
    history = Project.history.model  # type: ignore[attr-defined]
    sample = list(
        Project.objects.filter(code__startswith="SC-")
        .prefetch_related("regions", "sectors", "portfolios", "investors")
        .order_by("code")[::40]
    )
    assert len(sample) == N // 40
    for p in sample:
        p.full_clean()
        usd, fx = p.total_investment_usd, p.total_investment_fx_id
        derive_usd(p)  # the USD values are those Keruen derives at the bundled rates
        assert (p.total_investment_usd, p.total_investment_fx_id) == (usd, fx), p.code
        assert p.start_on <= p.stage_since <= dt.date.today() and p.start_on <= p.end_on
        assert p.regions.all() and p.sectors.all() and p.portfolios.all()
        investors = list(p.investors.all())
        for inv in investors:
            inv.full_clean()
        assert sum(i.share for i in investors) == Decimal(100)
        rows = list(history.objects.filter(id=p.pk).order_by("history_date", "history_id"))
        assert [r.history_type for r in rows] == ["+"] + ["~"] * (bench_scale.HISTORY - 1)
        assert (rows[-1].stage, rows[-1].stage_since) == (p.stage, p.stage_since)
        assert {r.region_id for r in rows[0].regions.all()} == {r.pk for r in p.regions.all()}


def _direct(user: Any, portfolio: str | None) -> dict[str, Any]:
    f = ProjectFilters(portfolio=portfolio)
    counted = dashboard.counted_projects(user=user, portfolio=portfolio)
    return {
        "totals": totals(project_list(user=user, filters=f)),
        "coverage": coverage(user=user, filters=f, narrow=lambda qs: qs),
        "regions": dashboard.by_region(counted),
        "sectors": dashboard.by_sector(counted),
        "countries": dashboard.by_investor_country(counted),
    }


def _from_summary_tables(user: Any, portfolio: str | None) -> dict[str, Any]:
    s = summary(user=user, filters=ProjectFilters(portfolio=portfolio))
    p = dashboard.panels(user=user, portfolio=portfolio)
    return {
        "totals": s.totals,
        "coverage": s.coverage,
        "regions": p.regions,
        "sectors": p.sectors,
        "countries": p.countries,
    }


def _cents(figures: dict[str, Any]) -> dict[str, Any]:
    for panel in ("regions", "sectors", "countries"):
        figures[panel] = [(r.code, r.projects, round(r.investment_usd, 2)) for r in figures[panel]]
    return figures


@pytest.mark.parametrize("reader", ["coordinator", "regional_editor", "analyst"])
def test_keruen_reads_them_as_the_direct_queries(loaded: dict[str, Any], reader: str) -> None:
    if reader == "coordinator":
        user = None
    else:
        user = make_user(reader, regions=["KZ-19"] if reader == "regional_editor" else None)
    for portfolio in (None, "kz-cn", "bench-eu"):
        assert _cents(_from_summary_tables(user, portfolio)) == _cents(_direct(user, portfolio)), (
            portfolio
        )
    assert summary(user=None, filters=ProjectFilters()).totals.projects >= N * 0.9


def test_the_pages_answer_and_the_report_section_is_written(
    loaded: dict[str, Any], client: Any, tmp_path: Path
) -> None:
    doc_before = runner.DOC.read_bytes() if runner.DOC.exists() else None
    user = make_user("coordinator")
    client.force_login(user)
    api = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}", "HTTP_ACCEPT": "application/json"}
    pages: dict[str, list[float]] = {}
    for label, path in {**bench_web.PAGES, **bench_web.API}.items():
        headers = api if path.startswith("/api/") else {}
        times = []
        for _ in range(1):
            start = time.perf_counter()
            response = client.get(path, **headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        pages[label] = times
    result = {
        **loaded,
        "pages": pages,
        "how": "in process (Django's test client), 1 request per page",
    }
    result["n_total"] = Project.objects.count()
    body = bench_scale.section(result)
    doc = tmp_path / "benchmarks.md"
    runner.write({"scale": runner.stamped(body, "now", "0.00 0.00 0.00")}, doc)
    text = doc.read_text(encoding="utf-8")
    assert "<!-- bench:scale -->\n## National scale: 2,000 generated projects" in text
    assert "| project history (`projects_historicalproject`) | 20,000 |" in text
    assert "dashboard `/?portfolio=kz-cn`" in text and "load average" in text
    assert (runner.DOC.read_bytes() if runner.DOC.exists() else None) == doc_before


def test_the_section_says_when_the_bare_copy_of_the_history_was_skipped(
    loaded: dict[str, Any],
) -> None:
    assert "skipped" not in bench_scale.section(loaded)
    tables = [
        {k: v for k, v in t.items() if k != "raw_s" or "history" not in t["table"]}
        for t in loaded["tables"]
    ]
    text = bench_scale.section({**loaded, "tables": tables, "raw_history": False})
    assert "the bare COPY of the history tables was skipped (`--no-bare-history`)" in text
    assert "| project history (`projects_historicalproject`) | 20,000 |" in text
    history_row = next(
        line for line in text.splitlines() if "(`projects_historicalproject`)" in line
    )
    assert history_row.endswith("| — | — |")
    projects_row = next(line for line in text.splitlines() if "(`projects_project`)" in line)
    assert not projects_row.endswith("| — | — |")
