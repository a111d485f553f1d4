"""Field-level confidentiality and who deletes: the rules in accounts.policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from keruen.accounts import policy
from keruen.accounts.policy import (
    can,
    hidden_fields,
    may_write,
    redact,
    restricted_visible,
)
from keruen.core import permissions
from keruen.projects.models import Portfolio, Project
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ROW: dict[str, Any] = {
    "code": "X",
    "negotiation_notes": "secret",
    "curator": "mic",
    "investors": [{"organization": "a", "identifiers": [{"scheme": "kz_bin", "value": "1"}]}],
}


def test_the_public_sees_neither_restricted_nor_internal_fields() -> None:
    out = redact(AnonymousUser(), Project, ROW)
    assert "negotiation_notes" not in out and "curator" not in out
    assert out["investors"] == [{"organization": "a"}]


def test_analysts_see_internal_but_not_restricted_fields() -> None:
    out = redact(make_user("analyst"), Project, ROW)
    assert "negotiation_notes" not in out and out["curator"] == "mic"
    assert "identifiers" not in out["investors"][0]


def test_editors_see_restricted_fields_of_their_own_objects_only() -> None:
    editor = make_user("regional_editor", regions=["KZ-19"])
    own = ProjectFactory(regions=["KZ-19"])
    other = ProjectFactory(regions=["KZ-31"])
    assert restricted_visible(editor, Project, [own.pk, other.pk]) == {own.pk}
    assert redact(editor, Project, ROW, in_scope=True) == ROW
    assert "negotiation_notes" not in redact(editor, Project, ROW, in_scope=False)


def test_coordinators_and_keruen_itself_see_everything() -> None:
    assert hidden_fields(make_user("coordinator"), "projects.project") == frozenset()
    assert hidden_fields(None, "projects.project") == frozenset()
    assert redact(None, Project, ROW) == ROW


def test_only_coordinators_delete_and_readers_never_write() -> None:
    editor = make_user("regional_editor", regions=["KZ-19"])
    project = ProjectFactory(regions=["KZ-19"])
    assert can(editor, "change", project)
    assert not can(editor, "delete", project)
    assert can(make_user("coordinator"), "delete", project)
    assert not may_write(make_user("analyst")) and not may_write(AnonymousUser())
    assert may_write(editor)


def test_officers_own_their_organization_and_its_curated_projects() -> None:
    ministry = OrganizationFactory(code="mic-p", kind="ministry")
    officer = make_user("agency_officer", organization=ministry.code)
    curated = ProjectFactory(regions=["KZ-31"], curator=ministry)
    assert can(officer, "change", curated)
    assert can(officer, "change", ministry)
    assert not can(officer, "change", ProjectFactory(regions=["KZ-31"]))


# Reference data everyone reads and coordinators keep; each user's own account and notifications;
# bookkeeping nobody opens. None of them is a record of a region or an organization.
NOT_SCOPED = {
    "core.source",
    "reference.country",
    "reference.region",
    "reference.sector",
    "reference.currency",
    "reference.fxrate",
    "targets.stageprobability",
    "accounts.profile",
    "accounts.apitoken",
    "instructions.notification",
    "instructions.remindersent",
    # Operations' own bookkeeping (backups taken, scheduled firings): no user reads them.
    "ops.backup",
    "ops.scheduledrun",
    # One row per finished import, for the `import rows` metric: no user reads them.
    "imports.importrun",
    # Error reports from the public: only coordinators read them, in the portal's queue.
    "portal.publicreport",
    "ops.workerheartbeat",
    # A user's own following, inbox and e-mails (selectors filter by the user); webhooks and
    # their log are administrators' (admin site, CLI); each change is checked against the
    # follower's or the rule owner's access before it is told (notifications.services).
    "notifications.pendingchange",
    "notifications.subscription",
    "notifications.notification",
    "notifications.email",
    "notifications.webhook",
    "notifications.webhookdelivery",
    # A saved view is its owner's, opened by those it is shared with (savedviews.selectors);
    # what it selects is read through each list's selector, with the reader's access.
    "savedviews.savedview",
    "savedviews.homeview",
    "savedviews.viewmember",
    # A codelist (kinds of blocking issue and their norms), like the reference data.
    "blockers.category",
    # A meeting's frozen briefs: written and read by Keruen itself (the CLI on the server).
    "reports.meetingsnapshot",
    # The dashboard's summary tables: written by the services, read through
    # `cube.visible_keys`, which applies the projects' rule to each key.
    "projects.summarykey",
    "projects.summarykeyregion",
    "projects.summarykeyportfolio",
    "projects.projectfact",
    "projects.summarycell",
    "projects.summarysectorcell",
    "projects.summarycountrycell",
    # The meeting days the "advanced since the meeting" cells are kept for: every meeting's day,
    # read only after the reader's own last meeting was chosen under the events' rule.
    "projects.summarymeeting",
    "projects.summaryadvancedcell",
}


def _keruen_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("keruen.") and not m.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", _keruen_models(), ids=lambda m: m._meta.label_lower)
def test_every_model_users_read_or_write_has_a_registered_rule(model: type[models.Model]) -> None:
    label = model._meta.label_lower
    if hasattr(model._default_manager, "restrict"):
        assert label in policy.RULES
    elif label in policy.PARTS:
        assert policy.PARTS[label] in policy.RULES
    else:
        assert label in NOT_SCOPED


def test_a_restricted_model_without_a_rule_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(policy.RULES, "projects.portfolio")
    with pytest.raises(ImproperlyConfigured, match=r"projects\.portfolio"):
        Portfolio.objects.restrict(make_user("coordinator"))


def test_core_has_no_policy_until_accounts_installs_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(permissions, "_installed", [])
    with pytest.raises(ImproperlyConfigured):
        Project.objects.restrict(None)


def test_workflow_steps_ask_who_the_actor_is() -> None:
    editor = make_user("regional_editor", regions=["KZ-19"])
    assert policy.may_as(editor, policy.EDITOR, "KZ-19")
    assert not policy.may_as(editor, policy.EDITOR, "KZ-31")
    assert not policy.may_as(editor, policy.COORDINATOR, "KZ-19")
    assert policy.may_as(make_user("coordinator"), policy.COORDINATOR, "KZ-31")
    assert policy.may_as(None, policy.COORDINATOR, "KZ-31")
    assert not policy.may_as(make_user("analyst"), policy.EDITOR, "KZ-19")
    assert policy.is_coordinator(None) and not policy.is_coordinator(AnonymousUser())
