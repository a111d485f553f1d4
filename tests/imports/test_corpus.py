"""Every file of the hostile corpus gets a clear answer and leaves the data as it was."""

from pathlib import Path

import pytest

from keruen.imports.readers import open_table
from keruen.imports.services import import_run
from keruen.projects.models import Project
from tests.imports.corpus import CASES, Case

pytestmark = pytest.mark.django_db


def test_the_corpus_has_at_least_25_files() -> None:
    assert len(CASES) >= 25
    assert sum(1 for c in CASES if c.refused_with) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.build())
    report = import_run(actor=None, kind="projects", source=path)
    if case.refused_with is None:
        assert report.ok, report.problems
        assert Project.objects.count() == case.rows
        return
    assert not report.ok
    message = " ".join(str(p) for p in report.problems)
    assert case.refused_with.lower() in message.lower(), message
    assert Project.objects.count() == 0


def test_windows_1251_text_is_read_correctly(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "windows-1251.csv")
    path = tmp_path / case.name
    path.write_bytes(case.build())
    assert import_run(actor=None, kind="projects", source=path).ok
    p = Project.objects.get(code="H-1")
    assert p.title == "Завод «Алматы»"
    assert [r.code for r in p.regions.all()] == ["KZ-19"]


def test_unknown_sheet_is_refused(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "good.xlsx")
    path = tmp_path / case.name
    path.write_bytes(case.build())
    report = import_run(actor=None, kind="projects", source=path, sheet="Nope")
    assert not report.ok and "No sheet" in str(report.problems[0])
    assert import_run(actor=None, kind="projects", source=path, sheet="data").ok


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("code,title\n" + "".join(f"S-{i},t\n" for i in range(5000)), encoding="utf-8")
    table = open_table(path)
    first = next(table.rows)
    assert first == (2, ["S-0", "t"])
    assert not isinstance(table.rows, list)
