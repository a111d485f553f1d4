"""Dashboard figures: each project counted once per sector and per investor country."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keruen.projects.services import InvestorInput
from keruen.reference.models import Country
from keruen.reports import charts, dashboard
from keruen.web import charts as web_charts
from keruen.web import maps
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_sector_and_country_count_each_project_once() -> None:
    cn = OrganizationFactory(name="CN Co", country=Country.objects.get(code="CN"))
    cn2 = OrganizationFactory(name="CN Two", country=Country.objects.get(code="CN"))
    kz = OrganizationFactory(name="KZ Co", country=Country.objects.get(code="KZ"))
    ProjectFactory(
        sectors=["automotive", "chemicals"],  # two sub-sectors of manufacturing
        total_investment_amount=Decimal(100),
        investors=[
            InvestorInput(organization=cn),
            InvestorInput(organization=cn2, role="co_investor"),
            InvestorInput(organization=kz, role="operator"),
        ],
    )
    ProjectFactory(sectors=["energy"], total_investment_amount=Decimal(50))
    projects = dashboard.counted_projects(user=None)
    sectors = {r.code: r for r in dashboard.by_sector(projects)}
    assert sectors["manufacturing"].projects == 1
    assert sectors["manufacturing"].investment_usd == 100
    countries = {r.code: r for r in dashboard.by_investor_country(projects)}
    assert countries["CN"].projects == 1 and countries["CN"].investment_usd == 100
    assert countries["KZ"].projects == 1
    regions = {r.code: r for r in dashboard.by_region(projects)}
    assert len(regions) == 20 and regions["KZ-19"].projects == 2


def test_chart_functions_return_specs_for_the_pdf_too() -> None:
    ProjectFactory()
    projects = dashboard.counted_projects(user=None)
    spec = web_charts.spec(maps.region_map(dashboard.by_region(projects)))
    shapes = spec["layer"][0]  # the regions' shapes, under their name labels
    assert len(shapes["data"]["values"]) == 20  # inline boundaries when no URL is given
    assert web_charts.spec(charts.stage_over_time(dashboard.stage_over_time(projects)))["mark"]
