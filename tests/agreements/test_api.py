"""/api/v1/agreements/ and /api/v1/events/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keruen.agreements.models import Agreement
from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.reference.models import Region
from keruen.reference.services import fx_rate_upsert
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_agreements_filter_search_and_confidential_parties() -> None:
    import datetime as dt

    org = OrganizationFactory(code="cn-a", identifiers=[("kz_bin", "123456789012")])
    almaty = Region.objects.get(code="KZ-19")
    a = agreement_create(
        actor=None, reason="t", title="Cement MoU", title_ru="Меморандум о цементе",
        kind="mou", region=almaty, signed_on=dt.date(2025, 6, 2), parties=[PartyInput(org)],
    )  # fmt: skip
    agreement_create(actor=None, reason="t", title="Loan", kind="loan", confidentiality="internal")
    coord = token_for(make_user("coordinator"))
    items = call("GET", "/api/v1/agreements/?region=KZ-19", coord).json()["items"]
    assert [i["code"] for i in items] == [a.code]
    assert call("GET", "/api/v1/agreements/?q=меморандум", coord).json()["count"] == 1
    assert call("GET", "/api/v1/agreements/?signed_from=2025-06-01", coord).json()["count"] == 1
    assert call("GET", "/api/v1/agreements/").json()["count"] == 1  # the public: public only
    public = call("GET", f"/api/v1/agreements/{a.code}").json()
    assert public["parties"] == [{"organization": "cn-a", "name": org.name}]
    full = call("GET", f"/api/v1/agreements/{a.code}", coord).json()
    assert full["parties"][0]["identifiers"] == [{"scheme": "kz_bin", "value": "123456789012"}]


def test_agreement_create_change_history_and_delete() -> None:
    coord = token_for(make_user("coordinator", username="coord"))
    made = call(
        "POST",
        "/api/v1/agreements/",
        coord,
        {"title": "Plant", "kind": "investment", "value_amount": "1000", "value_currency": "USD",
         "signed_on": "2025-06-02"},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    assert call("PATCH", f"/api/v1/agreements/{code}", coord, {"status": "completed"},
                HTTP_IF_MATCH=made["ETag"]).status_code == 200  # fmt: skip
    history = call("GET", f"/api/v1/agreements/{code}/history", coord).json()
    assert history["items"][0]["user"] == "coord"
    bad = call("POST", "/api/v1/agreements/", coord, {"title": "X", "kind": "mou",
                                                      "projects": ["NOPE"]})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "projects"
    assert call("DELETE", f"/api/v1/agreements/{code}", coord).status_code == 204
    assert not Agreement.objects.filter(code=code).exists()


def test_events() -> None:
    import datetime as dt

    event_create(
        actor=None, reason="t", slug="forum-25", title="Forum", title_ru="Форум", kind="forum",
        starts_on=dt.date(2025, 6, 2), region=Region.objects.get(code="KZ-71"),
    )  # fmt: skip
    listing = call("GET", "/api/v1/events/?region=KZ-71&q=форум").json()
    assert [e["slug"] for e in listing["items"]] == ["forum-25"]
    coord = token_for(make_user("coordinator"))
    bad = call("POST", "/api/v1/events/", coord, {"slug": "x", "title": "T", "kind": "forum",
                                                   "starts_on": "2025-06-02",
                                                   "ends_on": "2025-06-01"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_on"
    body = {"slug": "forum-25", "title": "T", "kind": "forum", "starts_on": "2025-06-02"}
    again = call("POST", "/api/v1/events/", coord, body)
    assert again.status_code == 422


def test_an_agreement_value_in_yuan_is_shown_in_usd_at_the_signing_days_rate() -> None:
    fx_rate_upsert(currency="CNY", date=dt.date(2030, 1, 1), units_per_usd=Decimal(8), source="t")
    coord = token_for(make_user("coordinator"))
    body = {"title": "Plant", "kind": "investment", "value_amount": "800", "value_currency": "CNY"}
    made = call("POST", "/api/v1/agreements/", coord, {**body, "signed_on": "2030-02-01"})
    assert made.status_code == 201, made.content
    assert (made.json()["value_date"], made.json()["value_usd"]) == ("2030-02-01", "100.00")
    early = call("POST", "/api/v1/agreements/", coord, {**body, "signed_on": "1990-01-01"})
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "value_currency"
    assert "No exchange rate for CNY" in early.json()["errors"][0]["message"]
