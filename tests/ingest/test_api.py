"""The ingest API: documents in, facts reviewed, as each role is allowed."""

import pytest
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import ProjectFactory

from keruen.ingest.models import Fact
from keruen.projects.models import Project

pytestmark = pytest.mark.django_db

TEXT = (
    "Pavlodar, 5 May 2031 – A Korean company will build a battery materials plant in "
    "Pavlodar region. Investment amounts to USD 420 million. Some 800 permanent jobs will be "
    "created."
)


def post(client, path, body, token):
    return client.post(path, body, content_type="application/json", **bearer(token))


def test_a_coordinator_ingests_and_accepts_into_a_project(client) -> None:
    token = token_for(make_user("coordinator", username="coord"))
    r = post(
        client,
        "/api/v1/documents/",
        {"title": "Battery plant", "text": TEXT, "published_on": "2031-05-05"},
        token,
    )
    assert r.status_code == 201, r.content
    doc = r.json()
    jobs = next(f for f in doc["facts"] if f["kind"] == "jobs")
    assert TEXT[jobs["char_start"] : jobs["char_end"]] == jobs["quote"]
    project = ProjectFactory(jobs_planned=None)
    r = post(client, f"/api/v1/facts/{jobs['id']}/accept", {"project": project.code}, token)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
    project.refresh_from_db()
    assert project.jobs_planned == 800
    entry = project.history.latest("history_date")
    assert entry.history_user.username == "coord"
    # the same text again is not a new document
    again = post(client, "/api/v1/documents/", {"title": "Copy", "text": TEXT}, token)
    assert again.status_code == 200 and again.json()["id"] == doc["id"]


def test_accept_naming_an_unknown_project_is_a_field_error(client) -> None:
    token = token_for(make_user("coordinator"))
    doc = post(client, "/api/v1/documents/", {"title": "T", "text": TEXT}, token).json()
    fact = doc["facts"][0]["id"]
    r = post(client, f"/api/v1/facts/{fact}/accept", {"project": "NOPE-1"}, token)
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert "NOPE-1" in r.content.decode()
    assert Fact.objects.get(pk=fact).status == "proposed"


def test_readers_cannot_review_and_the_public_sees_nothing(client) -> None:
    coord = token_for(make_user("coordinator"))
    doc = post(client, "/api/v1/documents/", {"title": "T", "text": TEXT}, coord).json()
    fact = doc["facts"][0]["id"]
    analyst = token_for(make_user("analyst"))
    assert post(client, f"/api/v1/facts/{fact}/reject", {"reason": "x"}, analyst).status_code == 403
    assert client.get("/api/v1/documents/", **bearer(analyst)).json()["count"] == 1
    public = client.get("/api/v1/documents/")
    assert public.status_code == 200 and public.json()["count"] == 0
    assert client.get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert post(client, "/api/v1/documents/", {"title": "T", "text": "x"}, None).status_code == 401
    assert not Project.objects.exists()


def test_correct_and_reject_through_the_api(client) -> None:
    token = token_for(make_user("coordinator"))
    doc = post(client, "/api/v1/documents/", {"title": "T", "text": TEXT}, token).json()
    money = next(f for f in doc["facts"] if f.get("currency") == "USD")
    r = post(
        client,
        f"/api/v1/facts/{money['id']}/correct",
        {"value": "430000000", "reason": "ministry's figure"},
        token,
    )
    assert r.status_code == 200 and float(r.json()["value"]) == 430_000_000
    r = post(client, f"/api/v1/facts/{money['id']}/reject", {"reason": "duplicate"}, token)
    assert r.json()["status"] == "rejected"
    listed = client.get("/api/v1/facts/?status=rejected", **bearer(token)).json()
    assert [f["id"] for f in listed["items"]] == [money["id"]]
