"""/api/v1/targets/ and /api/v1/funnel/ through the Django test client."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client

from keruen.accounts.models import Profile, Role
from keruen.targets.models import Observation
from keruen.targets.services import observation_create
from tests.factories import UserFactory
from tests.targets.factories import TargetFactory

pytestmark = pytest.mark.django_db


def user_with(role: str):
    u = UserFactory()
    Profile.objects.create(user=u, role=role)
    return u


@pytest.fixture
def target():
    t = TargetFactory(code="fdi", target_value=D(100))
    observation_create(
        actor=None,
        reason="t",
        target=t,
        year=2025,
        value=D(20),
        currency="USD",
        source_text="stats",
    )
    return t


def test_list_detail_and_observations(client: Client, target) -> None:
    r = client.get("/api/v1/targets/?as_of=2025-12-31")
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["code"] == "fdi" and item["actual"] == 20.0
    assert item["observations"][0]["value_usd"] == 20.0
    r = client.get("/api/v1/targets/fdi?as_of=2025-12-31")
    assert r.status_code == 200 and r["ETag"]
    assert r.json()["trajectory_to_date"] == 20.0
    assert (
        client.get("/api/v1/targets/fdi?as_of=2025-12-31", HTTP_IF_NONE_MATCH=r["ETag"]).status_code
        == 304
    )
    r = client.get("/api/v1/targets/fdi/observations")
    assert r.json()["count"] == 1
    assert client.get("/api/v1/targets/nope").status_code == 404


def test_only_those_who_may_change_record_observations(client: Client, target) -> None:
    body = {"year": 2026, "value": "5", "currency": "USD", "source_text": "stats"}
    url = "/api/v1/targets/fdi/observations"
    assert client.post(url, body, content_type="application/json").status_code in (401, 403)
    client.force_login(user_with(Role.ANALYST))
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(user_with(Role.COORDINATOR))
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["value"] == 5.0
    assert Observation.objects.count() == 2
    bad = {**body, "year": 2031}
    r = client.post(url, bad, content_type="application/json")
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert any(e["field"] == "year" for e in r.json()["errors"])


def test_funnel_endpoint(client: Client) -> None:
    r = client.get("/api/v1/funnel/")
    assert r.status_code == 200 and r.json() == {"count": 0, "items": []}
    assert client.get("/api/v1/funnel/?event=nope").status_code == 404
    assert client.get("/api/v1/funnel/?by=sideways").status_code == 422


def test_stale_months_is_checked(client: Client) -> None:
    assert client.get("/api/v1/funnel/?stale_months=-1").status_code == 422
