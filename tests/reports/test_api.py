"""/api/v1/summary/: the headline figures for the caller, with what they do not see."""

from decimal import Decimal

import pytest

from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_summary_counts_by_the_rule_and_says_what_is_hidden(client) -> None:
    PortfolioFactory(slug="pf")
    parent = ProjectFactory(portfolios=["pf"], total_investment_amount=Decimal(100))
    ProjectFactory(portfolios=["pf"], parent=parent, counts_in_totals=False)
    ProjectFactory(portfolios=["pf"], confidentiality="restricted", jobs_planned=7)
    analyst = bearer(token_for(make_user("analyst")))
    data = client.get("/api/v1/summary/?portfolio=pf", **analyst).json()
    assert (data["projects"], data["investment_usd"], data["jobs_planned"]) == (1, 100.0, 100)
    assert data["coverage"] == {
        "records": 2,
        "counted": 1,
        "not_counted": 1,
        "counted_in_parent": 1,
        "counted_elsewhere": 0,
        "registry_counted": 2,
        "hidden": 1,
        "in_several_regions": 0,
        "public": False,
    }
    everything = client.get(
        "/api/v1/summary/?portfolio=pf", **bearer(token_for(make_user("coordinator")))
    )
    assert everything.json()["projects"] == 2 and everything.json()["coverage"]["hidden"] == 0
    public = client.get("/api/v1/summary/?portfolio=pf").json()
    assert public["coverage"]["public"] is True and public["projects"] == 1


def test_summary_filters_by_region_sector_and_stage(client) -> None:
    ProjectFactory(regions=["KZ-19"], sectors=["energy"], stage="construction")
    ProjectFactory(regions=["KZ-31"], sectors=["mining"])
    assert client.get("/api/v1/summary/?region=kz-19").json()["projects"] == 1
    assert client.get("/api/v1/summary/?sector=mining").json()["projects"] == 1
    assert client.get("/api/v1/summary/?stage=construction").json()["filters"] == {
        "stage": "construction"
    }


def test_unknown_filters_answer_422_naming_each(client) -> None:
    r = client.get("/api/v1/summary/?portfolio=nope&region=KZ-99&sector=nope")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"portfolio", "region", "sector"}
    assert client.get("/api/v1/summary/?stage=flying").status_code == 422


def test_openapi_documents_the_summary(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/summary/"]
