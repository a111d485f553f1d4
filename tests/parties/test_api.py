"""/api/v1/organizations/."""

from __future__ import annotations

import pytest

from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_search_aliases_and_identifiers_by_role() -> None:
    OrganizationFactory(
        code="sinoway", name="Sinoway Ltd", aliases=[("中路集团", "hanzi")],
        identifiers=[("cn_uscc", "91650100MA001X1K11")],
    )  # fmt: skip
    found = call("GET", "/api/v1/organizations/?q=中路").json()["items"]
    assert [o["code"] for o in found] == ["sinoway"]
    assert "identifiers" not in found[0]
    coord = token_for(make_user("coordinator"))
    full = call("GET", "/api/v1/organizations/sinoway", coord).json()
    assert full["identifiers"] == [{"scheme": "cn_uscc", "value": "91650100MA001X1K11"}]


def test_create_and_change_with_history() -> None:
    coord = token_for(make_user("coordinator", username="coord"))
    made = call("POST", "/api/v1/organizations/", coord, {
        "name": "Steppe Glass LLP", "kind": "company", "country": "KZ",
        "identifiers": [{"scheme": "kz_bin", "value": "123"}]})  # fmt: skip
    assert made.status_code == 422 and made.json()["errors"][0]["field"] == "identifiers"
    made = call("POST", "/api/v1/organizations/", coord, {
        "name": "Steppe Glass LLP", "kind": "company", "country": "KZ"})  # fmt: skip
    assert made.status_code == 201
    code = made.json()["code"]
    changed = call("PATCH", f"/api/v1/organizations/{code}", coord, {"region": "KZ-19"},
                   HTTP_IF_MATCH=made["ETag"])  # fmt: skip
    assert changed.json()["region"] == "KZ-19"
    history = call("GET", f"/api/v1/organizations/{code}/history", coord).json()
    assert history["items"][0]["changes"] == [{"field": "region", "before": None,
                                               "after": "KZ-19"}]  # fmt: skip
