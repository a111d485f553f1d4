"""Organization pages: search by any spelling, detail with the projects it invests in and the
agreements it is a party to (sections the projects and agreements apps add)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from keruen.agreements.services import PartyInput, agreement_create
from keruen.parties.filters import ORGANIZATION_LISTING
from keruen.projects.services import InvestorInput
from keruen.web.selection import SelectionTotals
from tests.factories import OrganizationFactory, ProjectFactory
from tests.web.footers import footer

pytestmark = pytest.mark.django_db


def test_organization_search_by_alias_and_detail(client) -> None:
    org = OrganizationFactory(
        name="Hengtai Agricultural Machinery", code="hengtai", aliases=[("恒泰农机", "hanzi")]
    )
    OrganizationFactory(name="Other LLP")
    ProjectFactory(code="P-H", investors=[InvestorInput(organization=org)])
    html = client.get("/organizations/?q=恒泰").content.decode()
    assert "/organizations/hengtai/" in html and "Other LLP" not in html
    html = client.get("/organizations/hengtai/").content.decode()
    assert "/projects/P-H/" in html and "恒泰农机" in html
    assert client.get("/organizations/nope/").status_code == 404


def test_organization_page_lists_its_projects_and_agreements_in_app_order(client) -> None:
    org = OrganizationFactory(name="Sinotrans", code="sinotrans")
    ProjectFactory(code="P-S", investors=[InvestorInput(organization=org)])
    agreement_create(
        actor=None,
        reason="t",
        code="A-S",
        title="Logistics hub",
        kind="commercial",
        parties=[PartyInput(organization=org)],
    )
    agreement_create(actor=None, reason="t", code="A-X", title="Other", kind="mou")
    html = client.get("/organizations/sinotrans/").content.decode()
    assert "1 project" in html and "/projects/P-S/" in html
    assert "/agreements/A-S/" in html and "/agreements/A-X/" not in html
    assert html.index("/projects/P-S/") < html.index("/agreements/A-S/")


def test_the_footer_counts_the_whole_selection_not_the_page(client, rf) -> None:
    for n in range(30):
        OrganizationFactory(name=f"Ministry {n}", kind="ministry")
    OrganizationFactory(name="Sinotrans", kind="company")
    foot = footer(client, "/organizations/?kind=ministry")
    assert len(client.get("/organizations/?kind=ministry").context["page"].object_list) == 25
    assert (foot["count"], foot["hidden"], foot["usd"]) == (30, 0, None)
    assert "Total: 30 records" in foot["text"]
    request = rf.get("/organizations/", {"kind": "ministry", "q": "Ministry 1"})
    request.user = AnonymousUser()
    # "Ministry 1" and "Ministry 10" … "Ministry 19"; organizations are public records
    assert ORGANIZATION_LISTING.totals(request) == SelectionTotals(
        count=11, everything=11, public=True
    )
