"""The regions API: scorecards, initiatives, their moves and candidates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from keruen.accounts.models import ApiToken
from keruen.agreements.models import Event
from keruen.projects.figures import coverage, summary
from keruen.projects.selectors import ProjectFilters
from keruen.regions.models import Initiative, InitiativeStatus
from tests.factories import OrganizationFactory, ProjectFactory
from tests.regions.factories import InitiativeFactory, coordinator, editor, make_event

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url: str, body: dict, auth: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_scorecard(client) -> None:
    make_event("meeting", dt.date.today() - dt.timedelta(days=30), kind=Event.Kind.MEETING)
    for stage in ("construction", "preparation", "operating"):
        ProjectFactory(regions=["KZ-71"], stage=stage)
    for stage in ("announced", "announced", "agreed"):
        ProjectFactory(regions=["KZ-10"], stage=stage, stage_since=dt.date(2020, 1, 1))
    ProjectFactory(regions=["KZ-10"], confidentiality="restricted", stage="operating")
    auth = bearer(coordinator())
    r = client.get("/api/v1/regions/KZ-10/scorecard", **auth)
    assert r.status_code == 200 and r["ETag"]
    data = r.json()
    assert data["code"] == "KZ-10" and data["lagging"] is True and data["reasons"]
    listed = client.get("/api/v1/projects/?region=KZ-10&limit=1", **auth).json()["count"]
    assert data["projects"] == listed == 4
    # the public sees fewer projects, and the count follows
    public = client.get("/api/v1/regions/KZ-10/scorecard").json()
    assert public["projects"] == 3
    assert client.get("/api/v1/regions/KZ-99/scorecard").status_code == 404
    assert client.get("/api/v1/regions/kz-71/scorecard").json()["lagging"] is False


def test_list_and_item_hide_drafts_from_others(client) -> None:
    draft = InitiativeFactory(region="KZ-71", title="Draft idea")
    shown = InitiativeFactory(region="KZ-43", title="Submitted idea")
    from keruen.regions.services import initiative_transition

    initiative_transition(actor=None, reason="t", initiative=shown, action="submit")
    public = client.get("/api/v1/initiatives/").json()
    assert [i["code"] for i in public["items"]] == [shown.code] and public["count"] == 1
    assert client.get(f"/api/v1/initiatives/{draft.code}").status_code == 404
    own = client.get("/api/v1/initiatives/?region=kz-71", **bearer(editor("KZ-71"))).json()
    assert [i["code"] for i in own["items"]] == [draft.code]
    item = client.get(f"/api/v1/initiatives/{shown.code}").json()
    assert item["region"] == "KZ-43" and item["status"] == "submitted"
    assert item["investment"]["usd"] == "50000000.00" or float(item["investment"]["usd"]) == 5e7
    filtered = client.get("/api/v1/initiatives/?status=draft&sort=-code").json()
    assert filtered["count"] == 0


def test_create_update_and_move(client) -> None:
    ProjectFactory(regions=["KZ-71"])
    auth = bearer(editor("KZ-71"))
    r = post(
        client,
        "/api/v1/initiatives/",
        {
            "region": "KZ-71",
            "title": "Astana zone",
            "sectors": ["infrastructure"],
            "partner_countries": ["CN"],
            "investment_amount": "1000000",
            "investment_currency": "USD",
            "investment_date": "2025-06-25",
            "reason": "put forward",
        },
        auth,
    )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    assert r.json()["status"] == "draft" and r.json()["sectors"] == ["infrastructure"]
    r = client.patch(
        f"/api/v1/initiatives/{code}",
        json.dumps({"land": "ready"}),
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 200 and r.json()["land"] == "ready"
    t = client.get(f"/api/v1/initiatives/{code}/transitions", **auth).json()
    assert [a["action"] for a in t["allowed"]] == ["submit", "withdraw"]
    r = post(client, f"/api/v1/initiatives/{code}/submit", {}, auth)
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # the editor may not present; a coordinator may, and must name the event
    event = make_event("forum", dt.date(2025, 6, 16))
    assert (
        post(client, f"/api/v1/initiatives/{code}/present", {"event": event.slug}, auth).status_code
        == 403
    )
    boss = bearer(coordinator())
    r = post(client, f"/api/v1/initiatives/{code}/present", {}, boss)
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    assert r.json()["errors"][0]["field"] == "event"
    r = post(client, f"/api/v1/initiatives/{code}/present", {"event": "nope"}, boss)
    assert r.status_code == 422
    r = post(client, f"/api/v1/initiatives/{code}/present", {"event": event.slug}, boss)
    assert r.status_code == 200 and r.json()["event"] == "forum"
    # illegal move: refused clearly, nothing changes
    r = post(client, f"/api/v1/initiatives/{code}/convert", {}, boss)
    assert r.status_code == 422 and "Cannot convert" in r.json()["detail"]
    investor = OrganizationFactory(name="Investor")
    r = post(client, f"/api/v1/initiatives/{code}/match", {"investor": investor.code}, boss)
    assert r.json()["status"] == "matched" and r.json()["investor"] == investor.code
    assert Initiative.objects.get(code=code).history.count() == 5


def test_stale_if_match_is_refused(client) -> None:
    ini = InitiativeFactory(region="KZ-71")
    auth = bearer(coordinator())
    r = client.post(
        f"/api/v1/initiatives/{ini.code}/submit",
        "{}",
        content_type="application/json",
        HTTP_IF_MATCH='"stale"',
        **auth,
    )
    assert r.status_code == 412
    assert Initiative.objects.get().status == InitiativeStatus.DRAFT


def test_public_may_not_create(client) -> None:
    r = post(client, "/api/v1/initiatives/", {"region": "KZ-71", "title": "x"}, {})
    assert r.status_code == 403
    assert not Initiative.objects.exists()


def test_candidates(client) -> None:
    ini = InitiativeFactory(region="KZ-71")
    r = client.get(f"/api/v1/initiatives/{ini.code}/candidates?limit=3", **bearer(coordinator()))
    assert r.status_code == 200 and r.json()["initiative"] == ini.code


def test_project_count_consistency_with_multi_region_and_duplicates(client) -> None:
    user = coordinator()
    parent = ProjectFactory(regions=["KZ-71", "KZ-43"])
    ProjectFactory(regions=["KZ-71"], parent=parent, counts_in_totals=False)
    auth = bearer(user)
    # The card counts by the rule of projects.figures: the phase is listed, not counted.
    for code, records in (("KZ-71", 2), ("KZ-43", 1)):
        card = client.get(f"/api/v1/regions/{code}/scorecard", **auth).json()
        listed = client.get(f"/api/v1/projects/?region={code}", **auth).json()["count"]
        assert listed == records == coverage(user=user, filters=ProjectFilters(region=code)).records
        assert card["projects"] == listed  # records, as the list counts them
        assert card["projects_counted"] == 1
        assert (
            card["projects_counted"]
            == summary(user=user, filters=ProjectFilters(region=code)).projects
        )


def test_openapi_documents_the_routes(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/regions/{code}/scorecard" in paths
    assert {"get", "post"} <= set(paths["/api/v1/initiatives/"])
    for action in ("submit", "return", "present", "match", "convert", "withdraw"):
        assert "post" in paths[f"/api/v1/initiatives/{{code}}/{action}"]


def test_explicit_null_on_a_list_is_422_not_500(client) -> None:
    ini = InitiativeFactory(region="KZ-71")
    auth = bearer(coordinator())
    r = client.patch(
        f"/api/v1/initiatives/{ini.code}",
        json.dumps({"partner_countries": None, "jobs_planned": None}),
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 422
    body = r.json()
    assert "partner_countries" in json.dumps(body) and "jobs_planned" not in json.dumps(body)
