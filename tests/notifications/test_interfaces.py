"""Following through the pages, the API and the command line; the inbox and its count."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from keruen.notifications.models import Notification, Subscription, Webhook
from keruen.notifications.tasks import notify_changes
from keruen.projects.services import project_update
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_follow_from_the_project_page_then_the_inbox_counts_the_change() -> None:
    project = ProjectFactory(stage="agreed")
    watcher = make_user("analyst")
    c = _client(watcher)
    page = c.get(project.get_absolute_url())
    assert b'action="/notifications/follow"' in page.content

    r = c.post(
        "/notifications/follow",
        {"kind": "project", "key": project.code, "mode": "weekly", "next": "/evil.example/"},
    )
    assert r.status_code == 302
    assert Subscription.objects.get(user=watcher).mode == "weekly"
    assert b"Unfollow" in c.get(project.get_absolute_url()).content

    project_update(
        actor=make_user("coordinator"), reason="visit", project=project, stage="construction"
    )
    notify_changes.call()
    header = c.get("/notifications/following/").content.decode()
    assert 'id="inbox-link"' in header and ">1</span>" in header
    inbox = c.get("/notifications/inbox/").content.decode()
    assert "Reason: visit" in inbox

    c.post("/notifications/inbox/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    c.post("/notifications/unfollow", {"kind": "project", "key": project.code})
    assert not Subscription.objects.exists()


def test_the_api_lists_creates_and_deletes_ones_own_subscriptions() -> None:
    project = ProjectFactory()
    user = make_user("analyst")
    auth = bearer(token_for(user))
    c = Client()
    r = c.post(
        "/api/v1/subscriptions/",
        {"kind": "project", "key": project.code, "mode": "immediate"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 201, r.content
    assert r.json()["mode"] == "immediate"
    items = c.get("/api/v1/subscriptions/", **auth).json()["items"]
    assert [(i["kind"], i["key"]) for i in items] == [("project", project.code)]
    other = bearer(token_for(make_user("analyst")))
    assert c.get("/api/v1/subscriptions/", **other).json()["count"] == 0

    bad = c.post(
        "/api/v1/subscriptions/",
        {"kind": "project", "key": "NOPE"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and "key" in bad.content.decode()
    assert c.get("/api/v1/subscriptions/").status_code == 401
    assert c.delete(f"/api/v1/subscriptions/project/{project.code}", **auth).status_code == 204
    assert c.delete(f"/api/v1/subscriptions/project/{project.code}", **auth).status_code == 404
    assert c.get("/api/v1/inbox/?unread=true", **auth).json() == {"count": 0, "items": []}
    assert c.post("/api/v1/inbox/read", {}, content_type="application/json", **auth).json() == {
        "marked": 0
    }


def test_the_command_line_follows_and_adds_webhooks() -> None:
    project = ProjectFactory()
    make_user("coordinator", username="watcher")
    err = StringIO()
    call_command("follow", "watcher", "project", project.code, "--mode", "immediate", stderr=err)
    assert "follows project" in err.getvalue()
    assert Subscription.objects.get().mode == "immediate"
    with pytest.raises(CommandError, match="key: No project NOPE"):
        call_command("follow", "watcher", "project", "NOPE", stderr=StringIO())
    with pytest.raises(CommandError, match="No user named"):
        call_command("follow", "nobody", "project", project.code, stderr=StringIO())
    call_command("follow", "watcher", "project", project.code, "--stop", stderr=StringIO())
    assert not Subscription.objects.exists()

    out = StringIO()
    call_command(
        "webhooks",
        "add",
        "--url",
        "http://127.0.0.1:9/hook",
        "--secret",
        "s",
        "--event",
        "project.updated",
        "--condition",
        '{"stage": "operating"}',
        stdout=out,
        stderr=StringIO(),
    )
    assert Webhook.objects.get(pk=int(out.getvalue())).condition == {"stage": "operating"}
    with pytest.raises(CommandError, match="--condition: not JSON"):
        call_command(
            "webhooks", "add", "--url", "http://x/", "--secret", "s", "--event", "project.updated",
            "--condition", "{stage", stderr=StringIO(),
        )  # fmt: skip
    listing = StringIO()
    call_command("webhooks", "list", stdout=listing)
    assert "project.updated" in listing.getvalue()
