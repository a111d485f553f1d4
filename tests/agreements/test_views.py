"""Agreement and event pages: filters, search, detail with parties, projects and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.reference.models import Region
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _event():
    return event_create(
        actor=None,
        reason="test",
        slug="astana-forum-2025",
        title="Central Asia – China forum",
        title_kk="Орталық Азия – Қытай форумы",
        kind="forum",
        starts_on=dt.date(2025, 6, 17),
        place="Astana",
    )


def test_agreement_list_filters_and_searches(client) -> None:
    event = _event()
    org = OrganizationFactory(name="Sinotrans", aliases=[("中外运", "hanzi")])
    agreement_create(
        actor=None,
        reason="t",
        code="A-1",
        title="Logistics hub",
        kind="commercial",
        region=Region.objects.get(code="KZ-19"),
        event=event,
        parties=[PartyInput(organization=org)],
    )
    agreement_create(actor=None, reason="t", code="A-2", title="Wind farm", kind="mou")
    html = client.get("/agreements/?kind=commercial").content.decode()
    assert "A-1" in html and "A-2" not in html
    html = client.get("/agreements/?q=中外运").content.decode()
    assert "A-1" in html and "A-2" not in html
    html = client.get("/agreements/?region=KZ-19").content.decode()
    assert "A-1" in html and "A-2" not in html


def test_agreement_detail_links_projects_parties_and_event(client) -> None:
    event = _event()
    project = ProjectFactory(code="P-1")
    org = OrganizationFactory(name="Sinotrans")
    agreement_create(
        actor=None,
        reason="t",
        code="A-1",
        title="Logistics hub",
        kind="commercial",
        event=event,
        parties=[PartyInput(organization=org)],
        projects=[project],
        value_amount="1000000",
        value_currency="USD",
        value_date=dt.date(2025, 6, 17),
    )
    html = client.get("/agreements/A-1/").content.decode()
    assert "/projects/P-1/" in html and "Sinotrans" in html and "/events/astana-forum-2025/" in html
    assert client.get("/agreements/NOPE/").status_code == 404


def test_event_list_and_detail_in_kazakh(client) -> None:
    _event()
    html = client.get("/events/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Орталық Азия – Қытай форумы" in html and '<html lang="kk">' in html
    r = client.get("/events/astana-forum-2025/")
    assert r.status_code == 200 and 'id="history"' in r.content.decode()


def test_agreement_list_query_count_does_not_grow(client) -> None:
    event = _event()
    agreement_create(actor=None, reason="t", code="A-0", title="x", kind="mou", event=event)
    client.get("/agreements/")
    with CaptureQueriesContext(connection) as few:
        client.get("/agreements/")
    for n in range(1, 6):
        agreement_create(
            actor=None,
            reason="t",
            code=f"A-{n}",
            title="x",
            kind="mou",
            event=event,
            region=Region.objects.get(code="KZ-19"),
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/agreements/")
    assert len(many) == len(few)
