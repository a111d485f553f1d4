"""/api/v1/regions/, /sectors/, /countries/, /currencies/, /fx-rates/."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.accounts.factories import bearer, make_user, token_for

pytestmark = pytest.mark.django_db


def test_regions_by_iso_code_and_name_in_three_languages() -> None:
    c = Client()
    assert c.get("/api/v1/regions/").json()["count"] == 20
    assert c.get("/api/v1/regions/KZ-19").json()["name"] == "Almaty Region"
    assert c.get("/api/v1/regions/KZ-99").status_code == 404
    assert [r["code"] for r in c.get("/api/v1/regions/?q=Абай").json()["items"]] == ["KZ-10"]


def test_sectors_countries_currencies() -> None:
    c = Client()
    energy = c.get("/api/v1/sectors/energy").json()
    assert energy["code"] == "energy"
    assert c.get("/api/v1/countries/?q=CN").json()["count"] >= 1
    assert "KZT" in [x["code"] for x in c.get("/api/v1/currencies/").json()["items"]]


def test_fx_rates_read_and_recorded_by_coordinators() -> None:
    c = Client()
    rates = c.get("/api/v1/fx-rates/?currency=KZT&date_from=2025-01-01&date_to=2025-03-31")
    assert rates.json()["count"] >= 1
    assert all(r["source"] for r in rates.json()["items"])
    coord = token_for(make_user("coordinator"))
    body = {"currency": "kzt", "date": "2031-01-01", "units_per_usd": "512.5", "source": "NBK"}
    made = c.post("/api/v1/fx-rates/", data=json.dumps(body), content_type="application/json",
                  **bearer(coord))  # fmt: skip
    assert made.status_code == 201 and made.json()["currency"] == "KZT"
    body["currency"] = "XXX"
    bad = c.post("/api/v1/fx-rates/", data=json.dumps(body), content_type="application/json",
                 **bearer(coord))  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "currency"
