"""Blocking issues: raising (norms, levels), the ladder as the clock passes, the status workflow
with the raiser's confirmation, turning an issue into an instruction, who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keruen.blockers import services
from keruen.blockers.models import Category, Issue
from keruen.blockers.signals import issue_changed
from keruen.parties.models import Organization
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def akimat() -> Organization:
    return OrganizationFactory(code="akimat-kz-19", kind="akimat")


@pytest.fixture
def ministry() -> Organization:
    return OrganizationFactory(code="mic", kind="ministry")


def raise_one(actor=None, *, body, project=None, category="land", **kw) -> Issue:
    return services.issue_raise(
        actor=actor,
        project=project or ProjectFactory(regions=["KZ-19"]),
        category=category,
        receiving_body=body,
        description=kw.pop("description", "Land plot not allotted"),
        raised_on=kw.pop("raised_on", DAY),
        **kw,
    )


def test_the_required_by_date_follows_the_norm_and_the_level_the_body(akimat, ministry) -> None:
    issue = raise_one(body=akimat)
    assert Category.objects.get(code="land").norm_days == 30
    assert issue.required_by == DAY + dt.timedelta(days=30)
    assert issue.level == "akimat" and issue.status == "open"
    assert raise_one(body=ministry, category="customs").level == "ministry"


def test_an_issue_climbs_the_ladder_as_the_clock_passes_its_dates(akimat) -> None:
    issue = raise_one(body=akimat)
    due = issue.required_by
    assert services.issues_escalate(today=due).escalated == []  # on the day: not yet
    run = services.issues_escalate(today=due + dt.timedelta(days=1))
    assert run.escalated == [(issue.pk, "akimat", "ministry")]
    issue.refresh_from_db()
    assert issue.level == "ministry"
    assert issue.required_by == due + dt.timedelta(days=31)
    assert services.issues_escalate(today=due + dt.timedelta(days=1)).escalated == []  # idempotent
    for step in ("investment_hq", "pm_meeting"):
        services.issues_escalate(today=issue.required_by + dt.timedelta(days=1))
        issue.refresh_from_db()
        assert issue.level == step
    run = services.issues_escalate(today=issue.required_by + dt.timedelta(days=1))
    assert run.escalated == [] and run.at_top == 1
    reasons = [h.history_change_reason for h in Issue.history.filter(id=issue.pk)]
    assert sum("Past its required-by date" in r for r in reasons) == 3


def test_a_category_ladder_and_norm_are_configurable(akimat) -> None:
    cat = Category.objects.get(code="other")
    services.category_update(
        actor=None, reason="t", category=cat, norm_days=7, ladder=["akimat", "pm_meeting"]
    )
    issue = raise_one(body=akimat, category="other")
    services.issues_escalate(today=DAY + dt.timedelta(days=8))
    issue.refresh_from_db()
    assert issue.level == "pm_meeting"
    with pytest.raises(ValidationError):
        services.category_update(
            actor=None, reason="t", category=cat, ladder=["ministry", "akimat"]
        )


def test_resolved_issues_do_not_escalate(akimat) -> None:
    issue = raise_one(body=akimat)
    services.issue_resolve(actor=None, issue=issue, resolution="Allotted")
    services.issues_escalate(today=DAY + dt.timedelta(days=90))
    issue.refresh_from_db()
    assert issue.level == "akimat"


def test_the_workflow_ends_with_the_raisers_confirmation(akimat, ministry) -> None:
    editor = make_user("regional_editor", regions=["KZ-19"])
    officer = make_user("agency_officer", organization="mic")
    issue = raise_one(editor, body=akimat)
    assert issue.raised_by == editor
    services.issue_start(actor=editor, issue=issue)  # the akimat's editors answer for it
    services.issue_resolve(actor=editor, issue=issue, resolution="Plot 12 allotted")
    with pytest.raises(PermissionDenied):
        services.issue_confirm(actor=officer, issue=issue)
    services.issue_confirm(actor=editor, issue=issue, reason="Investor: received the act")
    issue.refresh_from_db()
    assert issue.status == "confirmed" and issue.confirmed_on is not None
    with pytest.raises(ValidationError):
        services.issue_start(actor=None, issue=issue)


def test_the_raiser_may_send_a_resolution_back_with_a_reason(akimat) -> None:
    issue = raise_one(body=akimat)
    services.issue_resolve(actor=None, issue=issue, resolution="Done")
    with pytest.raises(ValidationError):
        services.issue_confirm(actor=None, issue=issue, resolved=False)
    services.issue_confirm(actor=None, issue=issue, resolved=False, reason="Not on the ground")
    assert issue.status == "in_progress" and issue.resolved_on is None


def test_a_rejection_needs_a_reason(akimat) -> None:
    issue = raise_one(body=akimat)
    with pytest.raises(ValidationError) as e:
        services.issue_reject(actor=None, issue=issue, reason=" ")
    assert "reason" in e.value.message_dict
    services.issue_reject(actor=None, issue=issue, reason="Outside the contract")
    assert issue.status == "rejected"


def test_bad_input_names_the_field(akimat) -> None:
    company = OrganizationFactory(code="cn-1", kind="company")
    with pytest.raises(ValidationError) as e:
        raise_one(body=company, category="weather", description="")
    assert set(e.value.message_dict) == {"category", "receiving_body", "description"}
    assert Issue.objects.count() == 0


def test_who_may_raise(akimat) -> None:
    elsewhere = make_user("regional_editor", regions=["KZ-31"])
    analyst = make_user("analyst")
    project = ProjectFactory(regions=["KZ-19"])
    for actor in (elsewhere, analyst):
        with pytest.raises(PermissionDenied):
            raise_one(actor, body=akimat, project=project)
    raise_one(
        make_user("agency_officer", organization="akimat-kz-19"), body=akimat, project=project
    )


def test_turning_an_issue_into_an_instruction_links_both_ways(akimat) -> None:
    issue = raise_one(body=akimat)
    with pytest.raises(PermissionDenied):
        services.issue_to_instruction(
            actor=make_user("analyst"), issue=issue, deadline=DAY + dt.timedelta(days=14)
        )
    services.issue_to_instruction(actor=None, issue=issue, deadline=DAY + dt.timedelta(days=14))
    issue.refresh_from_db()
    instruction = issue.instruction
    assert instruction.issue == issue
    assert instruction.lead_executor == akimat
    assert list(instruction.projects.all()) == [issue.project]
    with pytest.raises(ValidationError):
        services.issue_to_instruction(actor=None, issue=issue, deadline=DAY)


def test_followers_hear_of_each_change(akimat) -> None:
    heard = []

    def receiver(sender, *, issue, change, actor, **kwargs):
        heard.append(change)

    issue_changed.connect(receiver)
    try:
        issue = raise_one(body=akimat)
        services.issues_escalate(today=issue.required_by + dt.timedelta(days=1))
        services.issue_start(actor=None, issue=issue)
    finally:
        issue_changed.disconnect(receiver)
    assert heard == ["raised", "escalated", "started"]
