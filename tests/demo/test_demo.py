"""The demo reproduces the figures of the 25 June 2025 press release."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from keruen.agreements.models import Agreement, Event
from keruen.core.models import Confidentiality
from keruen.parties.models import OrganizationAlias
from keruen.projects.figures import summary
from keruen.projects.models import Project, Stage
from keruen.projects.selectors import ProjectFilters

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_portfolio_totals_are_the_published_ones(demo) -> None:
    s = summary(user=None, filters=ProjectFilters(portfolio="kz-cn"))
    assert s.projects == 224
    assert abs(float(s.investment_usd) - 66.4e9) <= 0.005 * 66.4e9
    assert abs(s.jobs_planned - 50_000) <= 0.02 * 50_000
    assert s.agreements == 58
    assert abs(float(s.agreements_value_usd) - 24e9) < 1e6
    assert s.excluded_from_totals >= 1


def test_summary_command_prints_the_totals_as_json(demo) -> None:
    out = StringIO()
    call_command("summary", portfolio="kz-cn", json=True, stdout=out)
    data = json.loads(out.getvalue())
    for key in (
        "projects",
        "investment_usd",
        "foreign_investment_usd",
        "jobs_planned",
        "jobs_created",
        "agreements",
        "agreements_value_usd",
        "by_stage",
    ):
        assert key in data
    assert data["projects"] == 224
    assert sum(v["projects"] for v in data["by_stage"].values()) == 224


def test_almaty_region_signed_seven_documents_worth_over_6_bn(demo) -> None:
    almaty = Agreement.objects.filter(event__slug="ca-china-forum-2025", region__code="KZ-19")
    assert almaty.count() == 7
    assert sum(a.value_usd for a in almaty) > 6e9


def test_spread_over_regions_stages_and_confidentiality(demo) -> None:
    projects = Project.objects.filter(portfolios__slug="kz-cn", counts_in_totals=True)
    regions = set(projects.values_list("regions__code", flat=True))
    assert {"KZ-19", "KZ-10", "KZ-63", "KZ-27", "KZ-43", "KZ-61", "KZ-71"} <= regions
    assert set(projects.values_list("stage", flat=True)) == {s.value for s in Stage}
    conf = set(projects.values_list("confidentiality", flat=True))
    assert conf == {c.value for c in Confidentiality}
    assert all(p.milestones.exists() for p in projects[:20])
    assert Project.objects.filter(agreements__isnull=False).exists()


def test_invented_records_say_so_and_real_figures_cite_the_release(demo) -> None:
    assert not Project.objects.filter(portfolios__slug="kz-cn", is_illustrative=False).exists()
    assert not Agreement.objects.filter(is_illustrative=False).exists()
    forum = Event.objects.get(slug="ca-china-forum-2025")
    assert forum.sources.filter(url="https://primeminister.kz").exists()
    assert demo.portfolio.projects.first().sources.filter(kind="press_release").exists()


def test_investors_have_aliases_in_several_scripts(demo) -> None:
    scripts = set(OrganizationAlias.objects.values_list("script", flat=True))
    assert {"hanzi", "pinyin", "cyrillic", "abbreviation"} <= scripts


def test_the_delivery_loop_is_in_the_demo(demo) -> None:
    from keruen.blockers.models import Issue
    from keruen.projects.inference import inferred_statuses
    from keruen.reports.meetings import meeting_rows

    issues = Issue.objects.filter(project__portfolios__slug="kz-cn")
    assert issues.count() == 12 and not issues.filter(is_illustrative=False).exists()
    assert issues.filter(level__in=["ministry", "investment_hq", "pm_meeting"]).exists()
    assert issues.filter(status="confirmed").exists()
    assert [m["frozen"] for m in meeting_rows() if m["id"] == demo.meeting.slug] == [True]
    stages = Project.objects.values_list("pk", "stage")
    assert inferred_statuses(stages)


def test_some_demo_schedules_are_approved_and_slip_with_illustrative_reasons(demo) -> None:
    from keruen.projects.models import Milestone
    from keruen.projects.selectors import forecast_completions

    approved = Project.objects.filter(portfolios__slug="kz-cn", schedule_approved_on__isnull=False)
    assert 5 <= approved.count() <= 30
    slipped = Milestone.objects.filter(project__in=approved, is_critical=True).exclude(
        forecast_on=None
    )
    assert any(m.forecast_on > m.baseline_on for m in slipped)
    later = forecast_completions(approved)
    assert any(later[p.pk] and p.end_on and later[p.pk] > p.end_on for p in approved)
    reasons = set(
        Milestone.history.filter(project__in=approved, baseline_on__isnull=False).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons and all(r.startswith(("Illustrative", "Demo portfolio")) for r in reasons)


def test_no_two_demo_projects_share_a_title_in_any_language(demo) -> None:
    """Three projects once read "Konaev solar power plant": a list then offers three identical
    names to pick from. Every title is distinct in English, Russian and Kazakh."""
    from collections import Counter

    for field in ("title", "title_ru", "title_kk"):
        titles = Counter(Project.objects.exclude(**{field: ""}).values_list(field, flat=True))
        assert [t for t, n in titles.items() if n > 1] == [], field
