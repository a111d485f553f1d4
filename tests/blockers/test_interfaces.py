"""Blocking issues through the interfaces users touch: the API (list, raise, moves, history,
access), `keruen issues`, and the pages."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from keruen.blockers import services
from keruen.blockers.models import Issue
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies() -> None:
    OrganizationFactory(code="akimat-kz-19", kind="akimat")
    OrganizationFactory(code="akimat-kz-31", kind="akimat")
    OrganizationFactory(code="mic", kind="ministry")


def raise_one(code_region: str = "KZ-19", body: str = "akimat-kz-19", **kw) -> Issue:
    return services.issue_raise(
        actor=None,
        project=ProjectFactory(regions=[code_region]),
        category="land",
        receiving_body=body,
        description="Land plot not allotted",
        **kw,
    )


def test_the_api_lists_raises_and_moves_an_issue(bodies) -> None:
    editor = make_user("regional_editor", regions=["KZ-19"])
    token = token_for(editor)
    project = ProjectFactory(regions=["KZ-19"])
    r = call(
        "POST",
        "/api/v1/issues/",
        token,
        {
            "project": project.code,
            "category": "customs",
            "receiving_body": "mic",
            "description_ru": "Оборудование задержано на таможне",
        },
    )
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["level"] == "ministry" and item["status"] == "open" and not item["overdue"]
    assert item["receiving_body"] == "mic" and item["project"] == project.code
    listed = call("GET", "/api/v1/issues/?level=ministry", token).json()
    assert [i["id"] for i in listed["items"]] == [item["id"]] and listed["count"] == 1
    officer = token_for(make_user("agency_officer", organization="mic"))
    moved = call(
        "POST", f"/api/v1/issues/{item['id']}/resolve", officer, {"resolution": "Released"}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "resolved"
    assert call("POST", f"/api/v1/issues/{item['id']}/confirm", officer, {}).status_code == 403
    assert call("POST", f"/api/v1/issues/{item['id']}/confirm", token, {}).json()["status"] == (
        "confirmed"
    )
    history = call("GET", f"/api/v1/issues/{item['id']}/history", token).json()
    assert history["count"] == 3


def test_a_bad_raise_answers_422_naming_the_field(bodies) -> None:
    token = token_for(make_user("coordinator"))
    project = ProjectFactory()
    r = call(
        "POST",
        "/api/v1/issues/",
        token,
        {
            "project": project.code,
            "category": "weather",
            "receiving_body": "mic",
            "description": "x",
        },
    )
    assert r.status_code == 422
    assert "category" in json.dumps(r.json())


def test_each_reader_sees_the_issues_of_their_scope(bodies) -> None:
    ours = raise_one("KZ-19")
    theirs = raise_one("KZ-31", body="akimat-kz-31")
    to_mic = raise_one("KZ-31", body="mic")

    def ids(user) -> set[int]:
        return {i["id"] for i in call("GET", "/api/v1/issues/", token_for(user)).json()["items"]}

    assert ids(make_user("regional_editor", regions=["KZ-19"])) == {ours.pk}
    assert ids(make_user("agency_officer", organization="mic")) == {to_mic.pk}
    assert ids(make_user("analyst")) == {ours.pk, theirs.pk, to_mic.pk}
    assert call("GET", "/api/v1/issues/").json()["count"] == 0


def test_cli_open_and_overdue(bodies) -> None:
    issue = raise_one(raised_on=dt.date(2026, 1, 5))
    raise_one(raised_on=dt.date(2026, 3, 1))
    out = io.StringIO()
    call_command(
        "issues", "overdue", "--json", "--today", "2026-02-10", stdout=out, stderr=io.StringIO()
    )
    items = json.loads(out.getvalue())["items"]
    assert [i["id"] for i in items] == [issue.pk]
    assert {
        "id",
        "project",
        "category",
        "receiving_body",
        "status",
        "level",
        "required_by",
        "overdue",
    } <= set(items[0])
    assert items[0]["overdue"] is True and items[0]["required_by"] == "2026-02-04"
    out = io.StringIO()
    call_command("issues", "escalate", "--json", "--today", "2026-02-10", stdout=out)
    assert json.loads(out.getvalue())["escalated"] == [
        {"id": issue.pk, "from": "akimat", "to": "ministry"}
    ]
    out = io.StringIO()
    call_command(
        "issues", "open", "--json", "--level", "ministry", stdout=out, stderr=io.StringIO()
    )
    assert [i["id"] for i in json.loads(out.getvalue())["items"]] == [issue.pk]


def test_pages_list_show_and_move_an_issue(client, bodies) -> None:
    issue = raise_one()
    editor = make_user("regional_editor", regions=["KZ-19"])
    client.force_login(editor)
    assert "Land plot not allotted" in client.get("/issues/").content.decode()
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "Take up" in html and "Turn into an instruction" not in html
    r = client.post(f"/issues/{issue.pk}/resolve", {"resolution": "Plot 7 allotted"})
    assert r.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "resolved"
    assert "Plot 7 allotted" in client.get(issue.get_absolute_url()).content.decode()


def test_the_raise_page_creates_an_issue(client, bodies) -> None:
    project = ProjectFactory(regions=["KZ-19"])
    client.force_login(make_user("regional_editor", regions=["KZ-19"]))
    r = client.post(
        f"/issues/raise/{project.code}/",
        {"category": "permits", "receiving_body": "akimat-kz-19", "description": "Permit stuck"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Issue.objects.get().project == project
    client.force_login(make_user("regional_editor", regions=["KZ-31"]))
    assert client.get(f"/issues/raise/{project.code}/").status_code == 403
