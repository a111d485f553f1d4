"""Agreement and event pages: filters, search, detail with parties, projects and history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from keruen.agreements.filters import AGREEMENT_LISTING
from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.reference.models import Region
from keruen.web.selection import SelectionTotals
from keruen.web.templatetags import keruen_tags
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory, ProjectFactory
from tests.web.footers import footer

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


def _valued(code: str, amount: str, confidentiality: str = "public", region: str = "KZ-19"):
    return agreement_create(
        actor=None,
        reason="t",
        code=code,
        title=f"Agreement {code}",
        kind="commercial",
        region=Region.objects.get(code=region),
        value_amount=Decimal(amount),
        value_currency="USD",
        value_date=dt.date(2025, 6, 17),
        confidentiality=confidentiality,
    )


def totals_for(rf, user, **query) -> SelectionTotals:
    """`AGREEMENT_LISTING.totals` of the query string `query` for `user`: the selection level."""
    request = rf.get("/agreements/", query)
    request.user = user
    return AGREEMENT_LISTING.totals(request)


def test_agreement_footer_totals_the_filtered_selection_in_usd(client, rf) -> None:
    _valued("A-1", "1500000")
    _valued("A-2", "2500000000")
    _valued("A-R", "700000", confidentiality="restricted")
    _valued("A-3", "9000000", region="KZ-71")
    analyst = make_user("analyst")
    client.force_login(analyst)
    with translation.override("en"):
        r = client.get("/agreements/?region=KZ-19", HTTP_ACCEPT_LANGUAGE="ru")
        foot = footer(client, "/agreements/?region=KZ-19", HTTP_ACCEPT_LANGUAGE="ru")
    assert (foot["count"], foot["hidden"], foot["usd"]) == (2, 1, Decimal("2501500000"))
    with translation.override("ru"):
        assert keruen_tags.usd(Decimal("2501500000")) in foot["text"]
        assert "Вам видно 2 из 3 записей" in foot["text"]
    assert r.context["selection"] == totals_for(rf, analyst, region="KZ-19")
    client.force_login(make_user("coordinator"))
    foot = footer(client, "/agreements/?region=KZ-19&kind=commercial")
    assert (foot["count"], foot["hidden"], foot["usd"]) == (3, 0, Decimal("2502200000"))


def test_event_footer_counts_the_filtered_events(client) -> None:
    _event()
    event_create(
        actor=None,
        reason="t",
        slug="council-2025",
        title="Business council",
        kind="business_council",
        starts_on=dt.date(2025, 9, 1),
        region=Region.objects.get(code="KZ-71"),
    )
    assert footer(client, "/events/")["count"] == 2
    foot = footer(client, "/events/?region=KZ-71")
    assert (foot["count"], foot["hidden"], foot["usd"]) == (1, 0, None)
