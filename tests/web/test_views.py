"""The pages' shared plumbing: the region boundaries and the static files served locally."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_region_geojson_has_the_20_units(client) -> None:
    r = client.get("/maps/kz-regions.geojson")
    data = json.loads(r.content)
    assert len({f["id"] for f in data["features"]}) == 20


def test_bootstrap_and_vega_are_served_locally(client) -> None:
    assert client.get("/static/bootstrap/css/bootstrap.min.css").status_code == 200
    assert client.get("/static/web/vega.js").status_code == 200
