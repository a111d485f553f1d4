"""The brief's "Issues for the Prime Minister": issues risen to the top of the ladder, by body and
category, oldest first; internal, so not in the open edition."""

from __future__ import annotations

import datetime as dt

import pytest

from keruen.blockers.services import issue_raise, issues_escalate
from keruen.reports.briefing import briefing_build, briefing_render_html
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_escalated_issues_are_listed_for_the_prime_minister() -> None:
    PortfolioFactory(slug="kz-cn")
    OrganizationFactory(code="mot", kind="ministry", name="Ministry of Transport")
    project = ProjectFactory(portfolios=["kz-cn"])
    old = issue_raise(
        actor=None,
        project=project,
        category="customs",
        receiving_body="mot",
        description="Equipment held at Khorgos",
        raised_on=dt.date(2025, 1, 1),
    )
    issue_raise(
        actor=None,
        project=project,
        category="customs",
        receiving_body="mot",
        description="Wagons not allotted",
        raised_on=dt.date.today(),
    )
    for day in range(0, 400, 7):
        issues_escalate(today=dt.date(2025, 1, 1) + dt.timedelta(days=day))
    brief = briefing_build(user=None, portfolio="kz-cn", language="en")
    assert [i.id for i in brief.pm_issues.issues] == [old.pk]
    assert brief.pm_issues.issues[0].body == "Ministry of Transport"
    html = briefing_render_html(brief)
    assert "Issues for the Prime Minister" in html and "Equipment held at Khorgos" in html
    public = briefing_build(user=None, portfolio="kz-cn", language="en", public=True)
    assert not public.pm_issues.visible
    assert "Issues for the Prime Minister" not in briefing_render_html(public)
