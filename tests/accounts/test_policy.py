"""Field-level confidentiality and who deletes: the rules in accounts.policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from keruen.accounts.policy import (
    can,
    hidden_fields,
    may_write,
    redact,
    restricted_visible,
)
from keruen.projects.models import Project
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
