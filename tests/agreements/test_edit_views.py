"""Events and agreements created and edited on the site: references by name, the reason in the
history, a stale version refused, the access rules (403 for a reader, the editor in region)."""

from __future__ import annotations

import datetime as dt

import pytest

from keruen.accounts.services import user_create
from keruen.agreements.models import Agreement, Event
from keruen.agreements.services import agreement_create, event_create
from keruen.web.forms import version_of
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, role="coordinator", **scope):
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x", **scope
    )
    client.force_login(user)
    return user


def test_the_coordinator_creates_an_event_with_participants_by_name(client) -> None:
    login(client)
    org = OrganizationFactory(code="cnpc", name="CNPC")
    assert client.get("/events/new/").status_code == 200
    r = client.post(
        "/events/new/",
        {
            "title": "Astana International Forum",
            "kind": "forum",
            "starts_on": "2025-05-29",
            "region": "KZ-71",
            "participants": ["cnpc"],
            "reason": "programme of the forum",
        },
    )
    event = Event.objects.get(title="Astana International Forum")
    assert r.status_code == 302 and r["Location"] == event.get_absolute_url()
    assert event.slug == "astana-international-forum-2025"
    assert list(event.participants.all()) == [org]
    assert event.history.latest().history_change_reason == "programme of the forum"


def test_an_agreement_for_an_almaty_project_by_the_almaty_editor(client) -> None:
    login(client, "regional_editor", regions=["KZ-19"])
    ProjectFactory(code="P-ALM", regions=["KZ-19"])
    OrganizationFactory(code="hengtai", name="Hengtai Agro")
    event = event_create(
        actor=None,
        reason="t",
        slug="forum-2025",
        title="Forum",
        kind="forum",
        starts_on=dt.date(2025, 6, 17),
        region=None,
    )
    assert client.get("/agreements/new/").status_code == 200
    r = client.post(
        "/agreements/new/",
        {
            "title": "Tractor plant",
            "kind": "commercial",
            "status": "signed",
            "signed_on": "2025-06-17",
            "event": event.slug,
            "region": "KZ-19",
            "value_amount": "1 250 000,50",
            "value_currency": "USD",
            "parties": ["hengtai"],
            "projects": ["P-ALM"],
            "confidentiality": "public",
            "reason": "signed at the forum",
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert r.status_code == 302, r.context["form"].errors
    a = Agreement.objects.get(title="Tractor plant")
    assert str(a.value_amount) == "1250000.50" and a.value_usd == a.value_amount
    assert a.event == event and [p.code for p in a.projects.all()] == ["P-ALM"]
    assert [p.organization.code for p in a.parties.all()] == ["hengtai"]


def test_the_editor_may_not_put_an_agreement_in_another_region(client) -> None:
    login(client, "regional_editor", regions=["KZ-19"])
    r = client.post(
        "/agreements/new/",
        {
            "title": "Elsewhere",
            "kind": "mou",
            "status": "signed",
            "region": "KZ-31",
            "confidentiality": "public",
            "reason": "t",
        },
    )
    assert r.status_code == 200 and "outside your scope" in r.content.decode()
    assert not Agreement.objects.filter(title="Elsewhere").exists()


def _agreement(region: str = "KZ-19") -> Agreement:
    from keruen.reference.models import Region

    return agreement_create(
        actor=None, reason="t", title="Cement", kind="mou", region=Region.objects.get(code=region)
    )


def test_an_analyst_may_not_create_or_edit(client) -> None:
    a = _agreement()
    login(client, "analyst")
    assert client.get("/agreements/new/").status_code == 403
    assert client.get(f"/agreements/{a.code}/edit/").status_code == 403
    assert client.get("/events/new/").status_code == 403


def test_an_editor_outside_the_region_gets_403(client) -> None:
    a = _agreement("KZ-31")
    login(client, "regional_editor", regions=["KZ-19"])
    r = client.get(f"/agreements/{a.code}/edit/")
    assert r.status_code in (403, 404)


def test_a_stale_edit_is_refused_and_nothing_is_written(client) -> None:
    login(client)
    a = _agreement()
    opened = version_of(a)
    from keruen.agreements.services import agreement_update

    agreement_update(actor=None, reason="someone else", agreement=a, title="Cement plant")
    r = client.post(
        f"/agreements/{a.code}/edit/",
        {
            "title": "Mine",
            "kind": "mou",
            "status": "signed",
            "region": "KZ-19",
            "confidentiality": "public",
            "reason": "mine",
            "version": opened,
        },
    )
    assert r.status_code == 200 and "Someone changed this since you opened it" in r.content.decode()
    a.refresh_from_db()
    assert a.title == "Cement plant"


def test_an_edit_with_the_current_version_saves(client) -> None:
    login(client)
    a = _agreement()
    page = client.get(f"/agreements/{a.code}/edit/")
    initial = page.context["form"].initial
    data = {k: v for k, v in initial.items() if v is not None and k not in ("projects", "parties")}
    data.update({"title": "Cement plant", "reason": "renamed", "status": "signed"})
    r = client.post(f"/agreements/{a.code}/edit/", data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.title == "Cement plant"


def test_lookups_find_by_name_and_hide_what_the_reader_may_not_see(client) -> None:
    event_create(
        actor=None,
        reason="t",
        slug="sco",
        title="SCO summit",
        title_ru="Саммит ШОС",
        kind="forum",
        starts_on=dt.date(2025, 7, 1),
    )
    r = client.get("/events/lookup/?q=ШОС").json()
    assert [x["value"] for x in r["results"]] == ["sco"]
    _agreement()
    assert (
        client.get("/agreements/lookup/?q=Cement").json()["results"][0]["text"].endswith("Cement")
    )
