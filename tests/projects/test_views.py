"""Project pages: list filters, search, sort, pages, htmx, export; detail; create/edit forms
through the services; access; query counts that do not grow with rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.accounts.services import user_create
from keruen.projects.models import Project
from keruen.projects.services import InvestorInput, MilestoneInput
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, role="coordinator", **scope):
    user = user_create(
        actor=None,
        reason="test",
        username=f"u-{role}",
        role=role,
        password="Bars-web-2026!x",
        **scope,
    )
    client.force_login(user)
    return user


def test_list_filters_by_region_code(client) -> None:
    ProjectFactory(code="P-ALM", regions=["KZ-19"])
    ProjectFactory(code="P-ZHA", regions=["KZ-31"])
    html = client.get("/projects/?region=KZ-19").content.decode()
    assert "P-ALM" in html and "P-ZHA" not in html


def test_search_finds_russian_title_and_investor_alias(client) -> None:
    org = OrganizationFactory(name="Hengtai Agro", aliases=[("恒泰农机", "hanzi")])
    ProjectFactory(code="P-RU", title_ru="Текстильный парк")
    ProjectFactory(code="P-CN", investors=[InvestorInput(organization=org)])
    ProjectFactory(code="P-OTHER")
    html = client.get("/projects/?q=Текстильный").content.decode()
    assert "P-RU" in html and "P-OTHER" not in html
    html = client.get("/projects/?q=恒泰").content.decode()
    assert "P-CN" in html and "P-OTHER" not in html


def test_sort_and_pages(client) -> None:
    for n in range(30):
        ProjectFactory(code=f"P-{n:03d}", total_investment_amount=Decimal(1000 + n))
    r = client.get("/projects/?sort=-investment")
    rows = list(r.context["projects"])
    assert rows[0].code == "P-029" and len(rows) == 25
    r = client.get("/projects/?sort=-investment&page=2")
    assert next(p.code for p in r.context["projects"]) == "P-004"


def test_htmx_request_gets_only_the_results(client) -> None:
    ProjectFactory(code="P-ONE")
    r = client.get("/projects/?q=ONE", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = r.content.decode()
    assert html.lstrip().startswith('<section id="results"') and "P-ONE" in html
    assert "<html" not in html


def test_export_is_the_current_selection(client) -> None:
    ProjectFactory(code="P-ALM", regions=["KZ-19"])
    ProjectFactory(code="P-ZHA", regions=["KZ-31"])
    r = client.get("/projects/export.csv?region=KZ-19")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert [row["code"] for row in rows] == ["P-ALM"]
    r = client.get("/projects/export.xlsx?region=KZ-19")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_detail_shows_money_with_its_rate_investors_milestones_and_history(client) -> None:
    org = OrganizationFactory(name="Hengtai Agro")
    ProjectFactory(
        code="P-KZT",
        total_investment_amount=Decimal("4500000000"),
        total_investment_currency="KZT",
        total_investment_date="2024-03-15",
        investors=[InvestorInput(organization=org, share=Decimal(70))],
        milestones=[MilestoneInput(kind="land", planned_on="2024-01-01", actual_on="2024-02-01")],
    )
    r = client.get("/projects/P-KZT/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "per USD on" in html  # the rate used
    assert "Hengtai Agro" in html
    assert "31 days late" in html
    assert 'id="history"' in html


def test_restricted_project_is_hidden_from_the_public(client) -> None:
    ProjectFactory(code="P-SECRET", confidentiality="restricted")
    assert client.get("/projects/P-SECRET/").status_code == 404
    assert "P-SECRET" not in client.get("/projects/").content.decode()


def test_coordinator_edits_through_the_service_and_sees_it_in_history(client) -> None:
    login(client)
    ProjectFactory(code="P-EDIT", title="Old title", regions=["KZ-19"])
    page = client.get("/projects/P-EDIT/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(title="New title", reason="Press release of 1 July", stage="construction")
    r = client.post("/projects/P-EDIT/edit/", data)
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    project = Project.objects.get(code="P-EDIT")
    assert project.title == "New title"
    html = client.get("/projects/P-EDIT/").content.decode()
    assert "Old title" in html and "New title" in html and "Press release of 1 July" in html
    assert project.history.count() == 2


def test_service_errors_land_on_their_fields_in_the_users_language(client) -> None:
    login(client)
    ProjectFactory(code="P-BAD")
    page = client.get("/projects/P-BAD/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(start_on="2025-01-01", end_on="2024-01-01", reason="test")
    r = client.post("/projects/P-BAD/edit/", data, HTTP_ACCEPT_LANGUAGE="ru")
    assert r.status_code == 200
    assert "end_on" in r.context["form"].errors
    assert 'lang="ru"' in r.content.decode()


def test_create_through_the_form(client) -> None:
    login(client)
    PortfolioFactory(slug="kz-cn")
    r = client.post(
        "/projects/new/",
        {
            "title": "Shymkent glass plant",
            "stage": "announced",
            "confidentiality": "public",
            "regions": ["KZ-79"],
            "portfolios": ["kz-cn"],
            "counts_in_totals": "on",
            "reason": "Forum list",
        },
    )
    assert r.status_code == 302
    p = Project.objects.get(title="Shymkent glass plant")
    assert r["Location"] == f"/projects/{p.code}/"


def test_analyst_is_not_offered_edit_and_is_refused(client) -> None:
    login(client, role="analyst")
    ProjectFactory(code="P-RO")
    html = client.get("/projects/P-RO/").content.decode()
    assert "/projects/P-RO/edit/" not in html
    assert "/projects/new/" not in client.get("/projects/").content.decode()
    assert client.get("/projects/P-RO/edit/").status_code == 403
    assert client.post("/projects/P-RO/edit/", {"title": "x", "reason": "x"}).status_code == 403
    assert client.post("/projects/new/", {"title": "x", "reason": "x"}).status_code == 403


def test_regional_editor_edits_own_region_only(client) -> None:
    login(client, role="regional_editor", regions=["KZ-75"])
    ProjectFactory(code="P-OWN", regions=["KZ-75"])
    ProjectFactory(code="P-NOT", regions=["KZ-19"])
    assert "/projects/P-OWN/edit/" in client.get("/projects/P-OWN/").content.decode()
    assert client.get("/projects/P-NOT/edit/").status_code == 403
    page = client.get("/projects/P-OWN/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(regions=["KZ-19"], reason="move")  # out of scope: refused, nothing written
    r = client.post("/projects/P-OWN/edit/", data)
    assert r.status_code == 200 and "regions" in r.context["form"].errors
    assert list(Project.objects.get(code="P-OWN").regions.values_list("code", flat=True)) == [
        "KZ-75"
    ]


def test_anonymous_edit_goes_to_login(client) -> None:
    ProjectFactory(code="P-X")
    r = client.get("/projects/P-X/edit/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/projects/", "/projects/P-000/"])
def test_query_count_does_not_grow_with_rows(client, url) -> None:
    login(client)
    org = OrganizationFactory()
    ProjectFactory(code="P-000", investors=[InvestorInput(organization=org)])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 8):
        ProjectFactory(
            code=f"P-{n:03d}",
            regions=["KZ-19", "KZ-75"],
            investors=[InvestorInput(organization=OrganizationFactory())],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
