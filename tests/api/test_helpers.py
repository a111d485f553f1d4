"""The shared API helpers: ETag/If-Match, sorting, problem details, token authentication."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from ninja.errors import AuthenticationError

from keruen.accounts.models import ApiToken
from keruen.api.auth import TokenAuth
from keruen.api.errors import PreconditionFailed, field_errors, problem
from keruen.api.etag import check_if_match, etag_of, item_response
from keruen.api.ordering import apply_sort
from keruen.api.writes import change_reason
from keruen.projects.models import Project
from tests.factories import UserFactory

rf = RequestFactory()


def test_etag_follows_the_representation() -> None:
    assert etag_of({"a": 1}) == etag_of({"a": 1})
    assert etag_of({"a": 1}) != etag_of({"a": 2})


def test_if_match_stale_is_412_and_current_or_star_passes() -> None:
    tag = etag_of({"a": 1})
    check_if_match(rf.patch("/x"), tag)  # no header: allowed
    check_if_match(rf.patch("/x", headers={"If-Match": tag}), tag)
    check_if_match(rf.patch("/x", headers={"If-Match": "*"}), tag)
    check_if_match(rf.patch("/x", headers={"If-Match": f"W/{tag}"}), tag)
    with pytest.raises(PreconditionFailed):
        check_if_match(rf.patch("/x", headers={"If-Match": etag_of({"a": 2})}), tag)


def test_item_response_sets_etag_and_answers_304() -> None:
    r = item_response(rf.get("/x"), {"a": 1})
    assert r.status_code == 200 and r["ETag"] == etag_of({"a": 1})
    again = item_response(rf.get("/x", headers={"If-None-Match": r["ETag"]}), {"a": 1})
    assert again.status_code == 304


def test_sort_whitelist() -> None:
    qs = Project.objects.all()
    assert "code" in str(apply_sort(qs, "-code", {"code": "code"}, ("code",)).query)
    with pytest.raises(ValidationError) as e:
        apply_sort(qs, "secret", {"code": "code"}, ("code",))
    assert "sort" in e.value.message_dict


def test_problem_details_name_the_fields() -> None:
    r = problem(rf.get("/api/v1/x"), 422, "bad", field_errors(ValidationError({"end_on": "x"})))
    body = json.loads(r.content)
    assert r["Content-Type"] == "application/problem+json"
    assert body["status"] == 422 and body["instance"] == "/api/v1/x"
    assert body["errors"] == [{"field": "end_on", "message": "x"}]


def test_reason_from_header_field_or_default() -> None:
    assert change_reason(rf.post("/", headers={"X-Keruen-Reason": "h"}), "f", default="d") == "h"
    assert change_reason(rf.post("/"), "f", default="d") == "f"
    assert change_reason(rf.post("/"), None, default="d") == "d"


@pytest.mark.django_db
def test_token_auth_accepts_active_tokens_only() -> None:
    user = UserFactory()
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), prefix=key[:8])
    auth = TokenAuth()
    assert auth(rf.get("/", headers={"Authorization": f"Bearer {key}"})) == user
    assert auth(rf.get("/")) is None
    with pytest.raises(AuthenticationError):
        auth(rf.get("/", headers={"Authorization": "Bearer nope"}))
    user.is_active = False
    user.save()
    with pytest.raises(AuthenticationError):
        auth(rf.get("/", headers={"Authorization": f"Bearer {key}"}))


@pytest.mark.django_db
def test_an_unreachable_database_answers_503_with_retry_after(client, monkeypatch) -> None:
    from django.db import OperationalError

    from keruen.api import crud

    def down(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    # a list paged by `crud.paginate` (the project list pages itself) reaches the database
    monkeypatch.setattr(crud, "paginate", down)
    r = client.get("/api/v1/agreements/")
    assert r.status_code == 503
    assert r["Retry-After"] == "5"
    assert r.json()["type"].endswith("/unavailable")
