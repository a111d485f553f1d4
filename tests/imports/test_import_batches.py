"""An import of many batches: the summary tables are refreshed once, at the end, for every project
the import wrote (`cube.refresh_once`), and equal what a rebuild makes of the same projects; a bad
row in the middle of the file is named and leaves the database as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from keruen.imports import services
from keruen.imports.services import import_run
from keruen.projects import cube
from keruen.projects.models import Project, ProjectInvestor
from keruen.projects.summary_models import ProjectFact, SummaryCell, SummaryKey
from tests.imports.helpers import write_csv
from tests.projects.test_cube import _assert_rebuild_agrees

pytestmark = pytest.mark.django_db(transaction=False)

HEADER = [
    "code",
    "title",
    "stage",
    "regions",
    "sectors",
    "investors",
    "investor_roles",
    "investor_shares",
    "total_investment_amount",
    "total_investment_currency",
    "total_investment_date",
    "jobs_planned",
    "confidentiality",
]
STAGES = ["announced", "agreed", "construction", "operating"]
REGIONS = ["KZ-19", "KZ-75", "KZ-71"]
SECTORS = ["manufacturing", "energy", "logistics"]


def _row(n: int, **over: str) -> list[str]:
    cells = {
        "code": f"BT-{n:03d}",
        "title": f"Batch plant {n}",
        "stage": STAGES[n % len(STAGES)],
        "regions": REGIONS[n % len(REGIONS)],
        "sectors": "; ".join(SECTORS[: 1 + n % len(SECTORS)]),
        "investors": "Batch Lead LLC; Batch Partner LLP" if n % 2 else "Batch Lead LLC",
        "investor_roles": "lead; co_investor" if n % 2 else "lead",
        "investor_shares": "60; 40" if n % 2 else "100",
        "total_investment_amount": str(1_000_000 + n),
        "total_investment_currency": ["USD", "KZT", "CNY"][n % 3],
        "total_investment_date": "2025-06-01",
        "jobs_planned": str(10 + n),
        "confidentiality": ["public", "restricted"][n % 2],
    }
    cells.update(over)
    return [cells[h] for h in HEADER]


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Batches of 4 rows; the ids of each refresh of the summary tables, as it runs."""
    monkeypatch.setattr(services, "BATCH", 4)
    calls: list[list[int]] = []
    refresh = cube._refresh

    def spy(ids: list[int] | None) -> None:
        calls.append(list(ids or []))
        refresh(ids)

    monkeypatch.setattr(cube, "_refresh", spy)
    return calls


def _import(tmp_path: Path, rows: list[list[str]], **options: Any) -> Any:
    path = write_csv(tmp_path / "batches.csv", HEADER, rows)
    return import_run(actor=None, kind="projects", source=path, reason="batches", **options)


def test_the_summary_of_many_batches_is_refreshed_once_and_equals_a_rebuild(
    tmp_path: Path, refreshes: list[list[int]]
) -> None:
    report = _import(tmp_path, [_row(n) for n in range(15)])
    assert report.ok, report.problems
    assert report.counts["created"] == 15
    ids = sorted(Project.objects.values_list("pk", flat=True))
    assert refreshes == [ids]
    assert ProjectFact.objects.count() == 15
    _assert_rebuild_agrees()

    # Changes over several batches (a stage, a relation, an investor's share) and new rows
    # among them: again one refresh, of the projects written.
    refreshes.clear()
    changed = [
        _row(n, stage="operating", regions="KZ-71", investor_shares="70; 30" if n % 2 else "100")
        if n % 3 == 0
        else _row(n)
        for n in range(15)
    ]
    report = _import(tmp_path, [*changed, _row(15), _row(16)])
    assert report.ok, report.problems
    assert report.counts == {"created": 2, "updated": 5, "unchanged": 10}
    by_code = dict(Project.objects.values_list("code", "pk"))
    written = sorted(by_code[f"BT-{n:03d}"] for n in (0, 3, 6, 9, 12, 15, 16))
    assert refreshes == [written]
    _assert_rebuild_agrees()


def test_a_bad_row_in_the_middle_of_many_batches_is_named_and_nothing_is_written(
    tmp_path: Path, refreshes: list[list[int]]
) -> None:
    before = _import(tmp_path, [_row(n) for n in range(3)])
    assert before.ok, before.problems
    refreshes.clear()
    counts = {
        model: model.objects.count()
        for model in (Project, ProjectInvestor, ProjectFact, SummaryCell, SummaryKey)
    }
    history = Project.history.count()
    cells = sorted(SummaryCell.objects.values_list("key_id", "stage", "n", "inv"))
    # Row 12 of the file (the header is row 1): its batch and those before it are written
    # before it is reached.
    rows = [_row(n) for n in range(20)]
    rows[10] = _row(10, investor_shares="70; 40")
    report = _import(tmp_path, rows)
    assert not report.ok and not report.written
    assert [(p.row, p.column) for p in report.problems] == [(12, "investor_shares")]
    assert "row 12" in str(report.problems[0])
    assert {model: model.objects.count() for model in counts} == counts
    assert Project.history.count() == history
    assert sorted(SummaryCell.objects.values_list("key_id", "stage", "n", "inv")) == cells
    # The rolled-back import refreshed nothing.
    assert refreshes == []


def test_a_dry_run_refreshes_nothing(tmp_path: Path, refreshes: list[list[int]]) -> None:
    report = _import(tmp_path, [_row(n) for n in range(9)], dry_run=True)
    assert report.ok and report.counts["created"] == 9
    assert refreshes == [] and not Project.objects.exists() and not ProjectFact.objects.exists()


def test_refresh_once_collects_nested_refreshes_and_skips_them_on_an_error(
    refreshes: list[list[int]],
) -> None:
    with cube.refresh_once():
        cube.refresh_facts([3, 1])
        with cube.refresh_once() as inner:
            cube.refresh_facts([2, 1])
            inner.cancel()  # only the outermost one refreshes (or not)
        assert refreshes == []
    assert refreshes == [[1, 2, 3]]
    refreshes.clear()
    with pytest.raises(RuntimeError), cube.refresh_once():
        cube.refresh_facts([1])
        raise RuntimeError
    with cube.refresh_once() as outer:
        cube.refresh_facts([1])
        outer.cancel()
    assert refreshes == []
    cube.refresh_facts([4])  # outside: at once
    assert refreshes == [[4]]


def test_refresh_once_refreshes_by_parts_except_on_postgresql(
    refreshes: list[list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cube, "CHUNK", 2)
    with cube.refresh_once():
        cube.refresh_facts([5, 1, 4, 2, 3])
    if connection.vendor == "postgresql":
        assert refreshes == [[1, 2, 3, 4, 5]]
    else:
        assert refreshes == [[1, 2], [3, 4], [5]]
