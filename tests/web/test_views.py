"""The pages' shared plumbing: the region boundaries and the static files served locally, the
map's names, the favicon, and how numbers, dates and free text are written per language."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import translation

from keruen.reference.models import Region
from keruen.web import charts, maps
from keruen.web.templatetags import keruen_tags

pytestmark = pytest.mark.django_db


def test_region_geojson_has_the_20_units(client) -> None:
    r = client.get("/maps/kz-regions.geojson")
    data = json.loads(r.content)
    assert len({f["id"] for f in data["features"]}) == 20


def test_bootstrap_and_vega_are_served_locally(client) -> None:
    assert client.get("/static/bootstrap/css/bootstrap.min.css").status_code == 200
    assert client.get("/static/web/vega.js").status_code == 200


def test_the_favicon_is_linked_and_served_locally(client) -> None:
    html = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert href and href.group(1).startswith("/static/")
    assert client.get(href.group(1)).status_code == 200


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Almaty"), ("ru", "Алматинская"), ("kk", "Алматы")]
)
def test_the_map_names_each_region_in_the_readers_language(lang, label) -> None:
    rows = [{"code": "KZ-19", "name": Region(code="KZ-19", name="Almaty Region",
             name_ru="Алматинская область", name_kk="Алматы облысы").localized_name(lang),
             "projects": 3, "investment_usd": 2e9}]  # fmt: skip
    with translation.override(lang):
        spec = maps.region_map(rows)
    labels = [
        v["label"]
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text"
        for v in layer["data"]["values"]
    ]
    assert labels == [label, label]  # the white halo and the name over it


@pytest.mark.parametrize(("lang", "word"), [("en", "bn"), ("ru", "млрд"), ("kk", "млрд")])
def test_chart_axes_write_billions_as_words_not_si_prefixes(lang, word) -> None:
    with translation.override(lang):
        axis = charts.short_axis().to_dict()
        assert charts.short_number(150e9) == f"150\u00a0{word}"
    assert "format" not in axis
    assert f"\u00a0{word}" in axis["labelExpr"]


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "Jun 17, 2025 14:05"),
        ("ru", "17 июн. 2025\u202fг. 14:05"),
        ("kk", "2025\u202fж. 17 мау. 14:05"),
    ],
)
def test_one_date_format_per_language(lang, written) -> None:
    moment = dt.datetime(2025, 6, 17, 14, 5)
    with translation.override(lang):
        assert keruen_tags.ldatetime(moment) == written
        assert keruen_tags.ldate(moment.date()) == written.rsplit(" ", 1)[0]
        assert keruen_tags.ldate("2025-06-17") == written.rsplit(" ", 1)[0]


@pytest.mark.parametrize(
    ("text", "page", "html"),
    [
        ("Demo portfolio", "ru", '<span lang="en">Demo portfolio</span>'),
        ("Совещание", "ru", "Совещание"),
        ("Кеңес қорытындысы", "ru", '<span lang="kk">Кеңес қорытындысы</span>'),
        ("a <b>", "en", "a &lt;b&gt;"),
    ],
)
def test_free_text_says_which_language_it_is_written_in(text, page, html) -> None:
    with translation.override(page):
        assert keruen_tags.written(text) == html
