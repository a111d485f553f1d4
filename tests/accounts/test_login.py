"""Signing in and out on the web: the login page, lockout, structured logs, CSP."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Caravan-route-2025"


def test_login_page_carries_a_content_security_policy() -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b'name="password"' in response.content


def test_login_and_logout_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    make_user("analyst", username="ana", password=PASSWORD)
    client = Client()
    with caplog.at_level(logging.INFO, logger="keruen.access"):
        response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
        assert response.status_code == 302
        client.post("/accounts/logout/")
        client.post("/accounts/login/", {"username": "ana", "password": "wrong-password"})
    events = [r.event["event"] for r in caplog.records if hasattr(r, "event")]
    assert events == ["auth.login", "auth.logout", "auth.login_failed"]
    assert json.dumps(caplog.records[0].event)  # serializable for the JSON formatter


def test_repeated_failures_lock_the_account_out() -> None:
    make_user("analyst", username="ana", password=PASSWORD)
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ana", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
