"""Nothing confidential reaches the public: every page linked from /open/, the sitemap, the feed
and every open-data file of the demo are swept for each restricted project's titles (in the three
languages), a link to any project the public may not see, and every negotiation note."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from keruen.core.demo_context import DemoContext
from keruen.core.models import Confidentiality
from keruen.portal import catalog
from keruen.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def open_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("open-data")


@pytest.fixture
def built(demo: DemoContext, settings: object, open_data_dir: Path) -> list[catalog.File]:
    settings.KERUEN_OPEN_DATA_DIR = open_data_dir  # type: ignore[attr-defined]
    return catalog.build()


def secrets() -> set[str]:
    out: set[str] = set()
    for p in Project.objects.exclude(confidentiality=Confidentiality.PUBLIC):
        if p.confidentiality == Confidentiality.RESTRICTED:
            out |= {t for t in (p.title, p.title_ru, p.title_kk) if t}
        out.add(f"/{p.code}/")  # a link to any project the public may not see
    out |= set(
        Project.objects.exclude(negotiation_notes="").values_list("negotiation_notes", flat=True)
    )
    return out


def crawl(client: Client) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    todo = ["/open/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith("text/html"):
            continue  # the files: swept below, each read in its own format
        text = response.getvalue().decode()
        yield path, text
        todo += [h for h in re.findall(r'href="(/open/[^"#?]*)"', text) if h not in seen]


def test_no_restricted_value_in_any_public_page_file_or_feed(built: list[catalog.File]) -> None:
    client = Client()
    bodies = dict(crawl(client))
    assert len(bodies) > 200
    for path in ("/sitemap.xml", "/open/changes.atom", "/catalog.jsonld", "/robots.txt"):
        bodies[path] = client.get(path).getvalue().decode()
    for f in built:
        data = client.get(f"/open/data/{f.name}").getvalue()
        bodies[f.name] = xlsx_text(data) if f.format == "xlsx" else data.decode()
    hidden = secrets()
    assert len(hidden) > 10
    leaks = [(s, where) for s in hidden for where, text in bodies.items() if s in text]
    assert leaks == []


def xlsx_text(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


def test_a_restricted_project_has_no_public_page(demo: DemoContext) -> None:
    code = Project.objects.filter(confidentiality=Confidentiality.RESTRICTED).first().code
    assert Client().get(f"/open/projects/{code}/").status_code == 404
    assert Client().get("/open/projects/KZCN-001/").status_code in (200, 404)


def test_the_landing_page_says_how_many_projects_are_not_public(demo: DemoContext) -> None:
    text = Client().get("/open/").content.decode()
    hidden = (
        Project.objects.exclude(confidentiality=Confidentiality.PUBLIC)
        .filter(counts_in_totals=True)
        .count()
    )
    assert f"{hidden} projects are not public" in text
