"""Organization pages: search by any spelling, detail with the projects it invests in."""

from __future__ import annotations

import pytest

from keruen.projects.services import InvestorInput
from tests.factories import OrganizationFactory, ProjectFactory

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
