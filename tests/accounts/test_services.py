"""Users: every rejection of user_create names the field and what was expected."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from keruen.accounts.models import ApiToken, Profile
from keruen.accounts.selectors import user_for_token, user_list, user_scope
from keruen.accounts.services import token_create, user_create, user_deactivate
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _create(**kw: object) -> object:
    base: dict[str, object] = {"actor": None, "reason": "t", "username": "u1", "role": "analyst"}
    base.update(kw)
    return user_create(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"role": "king"}, "role", "expected one of"),
        ({"username": " "}, "username", "empty"),
        ({"role": "regional_editor"}, "regions", "at least one region"),
        ({"role": "regional_editor", "regions": ["KZ-99"]}, "regions", "ISO 3166-2:KZ"),
        ({"role": "analyst", "regions": ["KZ-19"]}, "regions", "Only regional editors"),
        ({"role": "agency_officer"}, "organization", "needs their organization"),
        ({"role": "agency_officer", "organization": "nope"}, "organization", "Unknown"),
        ({"role": "analyst", "organization": "nope"}, "organization", "Only agency officers"),
        ({"password": "12345678901"}, "password", "numeric"),
        ({"password": "short"}, "password", "too short"),
    ],
)
def test_user_create_rejects(kw: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as e:
        _create(**kw)
    assert field in e.value.message_dict
    assert words in " ".join(e.value.message_dict[field])


def test_duplicate_username_is_refused() -> None:
    _create()
    with pytest.raises(ValidationError) as e:
        _create()
    assert "exists already" in e.value.message_dict["username"][0]


def test_scoped_users_and_their_scope() -> None:
    org = OrganizationFactory(code="mic-t", kind="ministry")
    editor = _create(username="ed", role="regional_editor", regions=["kz-19", "KZ-31"])
    officer = _create(username="off", role="agency_officer", organization=org.code)
    assert user_scope(editor).regions == {"KZ-19", "KZ-31"}
    assert user_scope(officer).organization == "mic-t"
    profile = Profile.objects.get(user=editor)
    assert profile.history.count() == 1  # recorded, with the reason
    assert profile.history.first().history_change_reason == "t"
    rows = {r["username"]: r for r in user_list()}
    assert rows["ed"]["regions"] == ["KZ-19", "KZ-31"]
    assert rows["off"]["organization"] == "mic-t"


def test_a_token_reads_its_user_with_profile_organization_and_scope_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    """The token query is compiled once and run with each key: every key finds its own user,
    whose profile, organization and scope come with it (no query more)."""
    org = OrganizationFactory(code="mic-t", kind="ministry")
    editor = _create(username="ed", role="regional_editor", regions=["KZ-19", "KZ-31"])
    officer = _create(username="off", role="agency_officer", organization=org.code)
    plain = _create(username="an")
    keys = {
        u.username: token_create(actor=None, reason="t", user=u)[1]
        for u in (editor, officer, plain)
    }
    seen = {}
    for _round in range(2):  # the second time with the last-used marks written
        for username, key in keys.items():
            user_for_token(key)
            with django_assert_num_queries(1):
                user = user_for_token(key)
                organization = user.profile.organization
                seen[username] = (user.username, organization, user_scope(user))
    assert seen["ed"][:2] == ("ed", None)
    assert seen["ed"][2].regions == {"KZ-19", "KZ-31"}
    assert seen["off"][:2] == ("off", org)
    assert seen["off"][2].organization == "mic-t"
    assert seen["an"][0] == "an" and seen["an"][2].role == "analyst"
    assert user_for_token(keys["ed"] + "x") is None


def test_password_or_token_only() -> None:
    with_pw = _create(username="pw", password="Caravan-route-2025")
    without = _create(username="nopw")
    assert with_pw.check_password("Caravan-route-2025")
    assert not without.has_usable_password()


def test_deactivation_revokes_tokens() -> None:
    user = _create()
    _token, key = token_create(actor=None, reason="t", user=user)
    assert user_for_token(key) == user
    user_deactivate(actor=None, reason="t", username="u1")
    assert user_for_token(key) is None
    assert ApiToken.objects.get().revoked_at is not None
    user.refresh_from_db()
    with pytest.raises(ValidationError):
        token_create(actor=None, reason="t", user=user)
    with pytest.raises(ValidationError):
        user_deactivate(actor=None, reason="t", username="ghost")
