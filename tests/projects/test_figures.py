"""The counting rule (keruen.projects.figures): phases, projects in several regions, and what a
reader does not see."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from keruen.projects.figures import coverage, summary, totals
from keruen.projects.selectors import ProjectFilters, project_list
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_summary_leaves_out_projects_counted_elsewhere() -> None:
    pf = PortfolioFactory(slug="p1")
    umbrella = ProjectFactory(
        portfolios=["p1"], total_investment_amount=Decimal(100), jobs_planned=10
    )
    ProjectFactory(
        portfolios=["p1"],
        parent=umbrella,
        counts_in_totals=False,
        total_investment_amount=Decimal(50),
        jobs_planned=5,
    )
    ProjectFactory(total_investment_amount=Decimal(7))  # not in the portfolio
    s = summary(user=None, filters=ProjectFilters(portfolio=pf.slug))
    assert s.projects == 1
    assert s.investment_usd == Decimal(100)
    assert s.jobs_planned == 10
    assert s.excluded_from_totals == 1
    assert (s.coverage.records, s.coverage.in_parent, s.coverage.elsewhere) == (2, 1, 0)
    assert s.by_stage["announced"]["projects"] == 1
    assert summary(user=None).projects == 2


def test_a_project_in_two_regions_adds_once_to_the_total() -> None:
    ProjectFactory(regions=["KZ-19", "KZ-31"], total_investment_amount=Decimal(100))
    ProjectFactory(regions=["KZ-19"], total_investment_amount=Decimal(10))
    t = totals(project_list(user=None, filters=ProjectFilters(region="KZ-19")))
    assert (t.projects, t.investment_usd) == (2, Decimal(110))
    c = coverage(user=None)
    assert (c.counted, c.in_several_regions) == (2, 1)


def test_a_project_counted_elsewhere_without_a_parent_is_told_apart() -> None:
    ProjectFactory(counts_in_totals=False)
    c = coverage(user=None)
    assert (c.records, c.counted, c.in_parent, c.elsewhere) == (1, 0, 0, 1)


@pytest.mark.parametrize(
    ("reader", "seen", "hidden"),
    [
        ("coordinator", 4, 0),
        ("analyst", 3, 1),
        ("editor", 4, 0),  # the restricted one is in the editor's region
        ("officer", 3, 1),
        ("public", 2, 2),
    ],
)
def test_coverage_says_how_many_are_hidden_from_each_reader(
    reader: str, seen: int, hidden: int
) -> None:
    ProjectFactory(confidentiality="public", regions=["KZ-19"])
    ProjectFactory(confidentiality="public", regions=["KZ-31"])
    ProjectFactory(confidentiality="internal", regions=["KZ-31"])
    ProjectFactory(confidentiality="restricted", regions=["KZ-19"])
    users = {
        "coordinator": lambda: make_user("coordinator"),
        "analyst": lambda: make_user("analyst"),
        "editor": lambda: make_user("regional_editor", regions=["KZ-19"]),
        "officer": lambda: make_user(
            "agency_officer", organization=OrganizationFactory(kind="state_body").code
        ),
        "public": AnonymousUser,
    }
    c = coverage(user=users[reader]())
    assert (c.counted, c.registry, c.hidden) == (seen, 4, hidden)
    assert c.public is (reader == "public")


def test_hidden_counts_the_same_selection() -> None:
    ProjectFactory(confidentiality="restricted", regions=["KZ-31"])
    ProjectFactory(confidentiality="public", regions=["KZ-19"])
    analyst = make_user("analyst")
    assert coverage(user=analyst, filters=ProjectFilters(region="KZ-19")).hidden == 0
    assert coverage(user=analyst, filters=ProjectFilters(region="KZ-31")).hidden == 1


def test_summary_json_carries_the_coverage() -> None:
    ProjectFactory(confidentiality="restricted")
    ProjectFactory()
    data = summary(user=make_user("analyst")).to_json_dict()
    assert data["projects"] == 1
    assert data["coverage"]["registry_counted"] == 2
    assert data["coverage"]["hidden"] == 1
