from decimal import Decimal

import pytest

from keruen.projects.selectors import ProjectFilters, project_list, summary
from tests.factories import PortfolioFactory, ProjectFactory

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
    s = summary(user=None, portfolio=pf.slug)
    assert s.projects == 1
    assert s.investment_usd == Decimal(100)
    assert s.jobs_planned == 10
    assert s.excluded_from_totals == 1
    assert s.by_stage["announced"]["projects"] == 1
    assert summary(user=None).projects == 2


def test_filters_by_region_sector_and_stage() -> None:
    a = ProjectFactory(regions=["KZ-19"], sectors=["energy"], stage="construction")
    b = ProjectFactory(regions=["KZ-31", "KZ-19"], sectors=["mining"])
    assert list(project_list(user=None, filters=ProjectFilters(region="KZ-19"))) == [a, b]
    assert list(project_list(user=None, filters=ProjectFilters(region="KZ-31"))) == [b]
    assert list(project_list(user=None, filters=ProjectFilters(sector="energy"))) == [a]
    assert list(project_list(user=None, filters=ProjectFilters(stage="construction"))) == [a]


def test_anonymous_readers_see_public_projects_only() -> None:
    from django.contrib.auth.models import AnonymousUser

    public = ProjectFactory()
    ProjectFactory(confidentiality="restricted")
    assert list(project_list(user=AnonymousUser())) == [public]
