"""/api/v1/projects/ and /api/v1/portfolios/: filters, search, sorting, ETag, writes, history."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from keruen.agreements.services import agreement_create
from keruen.parties.services import organization_alias_add
from keruen.projects.models import Project
from keruen.projects.services import InvestorInput
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord() -> str:
    return token_for(make_user("coordinator"))


@pytest.fixture
def editor() -> str:
    return token_for(make_user("regional_editor", username="ed19", regions=["KZ-19"]))


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [i["code"] for i in response.json()["items"]]


def test_list_filters_by_region_sector_stage_and_confidentiality(coord: str) -> None:
    a = ProjectFactory(regions=["KZ-19"], sectors=["energy"], stage="construction")
    b = ProjectFactory(regions=["KZ-31"], sectors=["mining"], confidentiality="internal")
    r = call("GET", "/api/v1/projects/?region=KZ-19", coord)
    assert codes(r) == [a.code] and r.json()["count"] == 1
    assert codes(call("GET", "/api/v1/projects/?sector=mining", coord)) == [b.code]
    assert codes(call("GET", "/api/v1/projects/?stage=construction", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?confidentiality=internal", coord)) == [b.code]
    assert call("GET", "/api/v1/projects/?stage=flying", coord).status_code == 422


def test_list_filters_by_investor_country_portfolio_and_dates(coord: str) -> None:
    import datetime as dt

    from keruen.reference.models import Country

    investor = OrganizationFactory(code="cn-x", country=Country.objects.get(code="CN"))
    PortfolioFactory(slug="pf-a")
    a = ProjectFactory(
        investors=[InvestorInput(investor)], portfolios=["pf-a"], start_on=dt.date(2024, 3, 1)
    )
    b = ProjectFactory(start_on=dt.date(2025, 3, 1))
    assert codes(call("GET", "/api/v1/projects/?investor=cn-x", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?country=cn", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?portfolio=pf-a", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?start_from=2025-01-01", coord)) == [b.code]
    assert codes(call("GET", "/api/v1/projects/?start_to=2024-12-31", coord)) == [a.code]


def test_search_in_three_languages_and_aliases(coord: str) -> None:
    investor = OrganizationFactory(code="sinoway", name="Sinoway Ltd")
    organization_alias_add(
        actor=None, reason="t", organization=investor, alias="中路集团", script="hanzi"
    )
    a = ProjectFactory(title="Cement plant", title_ru="Цементный завод", title_kk="Цемент зауыты")
    b = ProjectFactory(title="Glass works", investors=[InvestorInput(investor)])
    assert codes(call("GET", "/api/v1/projects/?q=цементный", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?q=зауыты", coord)) == [a.code]
    assert codes(call("GET", "/api/v1/projects/?q=中路", coord)) == [b.code]


def test_sorting_and_paging(coord: str) -> None:
    small = ProjectFactory(total_investment_amount=Decimal(10))
    big = ProjectFactory(total_investment_amount=Decimal(1000))
    mid = ProjectFactory(total_investment_amount=Decimal(100))
    r = call("GET", "/api/v1/projects/?sort=-total_investment_usd&limit=2", coord)
    assert codes(r) == [big.code, mid.code] and r.json()["count"] == 3
    r = call("GET", "/api/v1/projects/?sort=-total_investment_usd&limit=2&offset=2", coord)
    assert codes(r) == [small.code]
    bad = call("GET", "/api/v1/projects/?sort=negotiation_notes", coord)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sort"


def test_confidential_fields_follow_the_role() -> None:
    investor = OrganizationFactory(identifiers=[("kz_bin", "123456789012")])
    p = ProjectFactory(
        negotiation_notes="asks for land", investors=[InvestorInput(investor)], regions=["KZ-19"]
    )
    path = f"/api/v1/projects/{p.code}"
    public = call("GET", path).json()
    analyst = call("GET", path, token_for(make_user("analyst"))).json()
    editor = call("GET", path, token_for(make_user("regional_editor", regions=["KZ-19"]))).json()
    outsider = call("GET", path, token_for(make_user("regional_editor", regions=["KZ-31"]))).json()
    for seen in (public, analyst, outsider):
        assert "negotiation_notes" not in seen
        assert "identifiers" not in seen["investors"][0]
    assert "curator" not in public and "curator" in analyst
    assert editor["negotiation_notes"] == "asks for land"
    assert editor["investors"][0]["identifiers"] == [{"scheme": "kz_bin", "value": "123456789012"}]
    listed = call("GET", "/api/v1/projects/", token_for(make_user("analyst"))).json()["items"][0]
    assert "negotiation_notes" not in listed


def test_history_shows_each_field_before_and_after(editor: str, coord: str) -> None:
    # ETag, If-Match and the history's who and why: tests/api/test_crud.py
    p = ProjectFactory(regions=["KZ-19"])
    path = f"/api/v1/projects/{p.code}"
    changed = call("PATCH", path, editor, {"description": "road built", "jobs_planned": 120})
    assert changed.status_code == 200 and changed.json()["jobs_planned"] == 120
    history = call("GET", f"{path}/history", coord).json()
    top = history["items"][0]
    assert top["user"] == "ed19"
    assert {"field": "jobs_planned", "before": 100, "after": 120} in top["changes"]
    assert history["count"] == len(history["items"]) >= 2


def test_create_validates_and_records_the_reason(coord: str) -> None:
    bad = call(
        "POST",
        "/api/v1/projects/",
        coord,
        {"title": "X", "start_on": "2025-05-01", "end_on": "2024-01-01", "regions": ["KZ-19"]},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "end_on"
    ok = call(
        "POST",
        "/api/v1/projects/",
        coord,
        {
            "title": "Wind farm",
            "regions": ["KZ-19"],
            "total_investment_amount": "5000000000",
            "total_investment_currency": "KZT",
            "total_investment_date": "2025-01-15",
            "reason": "forum list",
        },
    )
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert ok["Location"] == f"/api/v1/projects/{body['code']}"
    assert Decimal(body["total_investment_usd"]) < Decimal("5000000000")
    project = Project.objects.get(code=body["code"])
    assert project.history.get().history_change_reason == "forum list"
    unknown = call("POST", "/api/v1/projects/", coord, {"title": "Y", "regions": ["KZ-98"]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "regions"


def test_editor_cannot_move_a_project_out_of_their_region(editor: str) -> None:
    p = ProjectFactory(regions=["KZ-19"])
    r = call("PATCH", f"/api/v1/projects/{p.code}", editor, {"regions": ["KZ-31"]})
    assert r.status_code == 403
    assert list(Project.objects.get(pk=p.pk).regions.values_list("code", flat=True)) == ["KZ-19"]


def test_delete_records_history_and_refuses_when_referred_to(coord: str) -> None:
    parent = ProjectFactory()
    ProjectFactory(parent=parent)
    assert call("DELETE", f"/api/v1/projects/{parent.code}", coord).status_code == 409
    lonely = ProjectFactory()
    agreement_create(actor=None, reason="t", title="MoU", kind="mou", projects=[lonely])
    assert call("DELETE", f"/api/v1/projects/{lonely.code}", coord).status_code == 204
    deleted = Project.history.filter(code=lonely.code, history_type="-").get()
    assert deleted.history_user.username.startswith("coordinator")


def test_anonymous_writes_ask_for_authentication() -> None:
    p = ProjectFactory()
    r = call("PATCH", f"/api/v1/projects/{p.code}", None, {"description": "x"})
    assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Bearer")
    assert call("GET", "/api/v1/projects/", "not-a-token").status_code == 401


def test_session_writes_need_the_csrf_token() -> None:
    user = make_user("coordinator")
    p = ProjectFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    body = json.dumps({"description": "x"})
    path = f"/api/v1/projects/{p.code}"
    assert client.get(path).status_code == 200
    r = client.patch(path, data=body, content_type="application/json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    token = "k" * 32  # what the csrftoken cookie holds, sent back in the header
    client.cookies["csrftoken"] = token
    r = client.patch(path, data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200


def test_portfolios(coord: str) -> None:
    PortfolioFactory(slug="kz-cn-t", name="Kazakhstan–China")
    assert call("GET", "/api/v1/portfolios/").json()["items"][0]["slug"] == "kz-cn-t"
    assert call("GET", "/api/v1/portfolios/kz-cn-t")["ETag"]
    made = call("POST", "/api/v1/portfolios/", coord, {"slug": "kz-tr", "name": "KZ–TR"})
    assert made.status_code == 201
    again = call("POST", "/api/v1/portfolios/", coord, {"slug": "kz-tr", "name": "KZ–TR"})
    assert again.status_code == 422


def test_openapi_and_offline_docs() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/projects/{code}/history" in spec["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"/static/ninja/" in docs.content
