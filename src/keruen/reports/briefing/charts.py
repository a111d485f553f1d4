"""Charts of the brief: Vega-Lite specifications (the same the web pages draw) rendered to SVG
offline with vl-convert, so the PDF carries vector charts and needs no browser or network."""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Sequence
from typing import Any

from django.utils.safestring import mark_safe

from keruen.targets import charts as target_charts
from keruen.web import charts as web_charts
from keruen.web import maps

#: Fonts that carry Kazakh and Russian letters and ₸ (WeasyPrint draws the SVG text with them).
FONT = "DejaVu Sans"
_CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 10, "titleFontSize": 10},
    "legend": {"labelFontSize": 10, "titleFontSize": 10},
}
_warm: threading.Thread | None = None
#: Sizes in CSS pixels (the A4 text block is about 670 px wide).
CHART_WIDTH = 560
MAP_WIDTH, MAP_HEIGHT = 600, 300
LAGGING = "#c0392b"


def warm_up() -> None:
    """Start vl-convert's JavaScript engine in the background (it takes a second or two)."""
    global _warm
    if _warm is None:
        _warm = threading.Thread(target=_start, daemon=True)
        _warm.start()


def _start() -> None:
    import vl_convert

    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": []}})


def to_svg(spec: dict[str, Any] | None) -> str:
    """The SVG markup of `spec` (a Vega-Lite JSON object); "" when there is no chart."""
    if not spec:
        return ""
    import vl_convert

    if _warm is not None:
        _warm.join()
    config = {**_CONFIG, **spec.get("config", {})}
    return str(vl_convert.vegalite_to_svg(_printable({**spec, "config": config})))


def to_img(spec: dict[str, Any] | None) -> str:
    """The chart as an <img> holding its SVG (WeasyPrint reads it faster than inline SVG)."""
    svg = to_svg(spec)
    if not svg:
        return ""
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    size = f' width="{match[1]}" height="{match[2]}"' if match else ""
    data = base64.b64encode(svg.encode()).decode("ascii")
    return mark_safe(f'<img alt="" src="data:image/svg+xml;base64,{data}"{size}>')


def _printable(node: Any) -> Any:
    """The spec without what only a browser uses: links (`href`) and pointer cursors."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "cursor":
                continue
            if key == "encoding" and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k != "href"}
            out[key] = _printable(value)
        return out
    if isinstance(node, list):
        return [_printable(v) for v in node]
    return node


# --- the charts of the brief -------------------------------------------------------------------


#: Where the dashboard's map spec would fetch its boundaries; the brief puts them inline instead.
_GEO = "keruen:kz-regions"


def _inline_boundaries(node: Any, features: list[Any]) -> Any:
    """Swap the boundaries' URL for the features themselves (no network, no altair pass)."""
    if isinstance(node, dict):
        if node.get("url") == _GEO:
            return {"name": "kz-regions"}
        return {k: _inline_boundaries(v, features) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_boundaries(v, features) for v in node]
    return node


def region_map(regions: Sequence[Any], *, lagging: Sequence[str]) -> dict[str, Any]:
    """The dashboard's region map (`keruen.web.maps`), lagging regions outlined in red.

    Plain Vega-Lite around the dashboard's spec: the boundaries travel once, as a named dataset,
    which keeps altair off the 20 polygons.
    """
    features = maps.geojson()["features"]
    base = web_charts.spec(
        maps.region_map(
            regions, width=MAP_WIDTH, height=MAP_HEIGHT, geo_url=_GEO, with_labels=False
        )
    )
    base = _inline_boundaries(base, features)
    top = {k: base.pop(k) for k in ("$schema", "config", "datasets", "title") if k in base}
    layers = [base]
    if lagging:
        layers.append(
            {
                "data": {"name": "kz-regions"},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": LAGGING,
                    "strokeWidth": 2.2,
                },
                "transform": [{"filter": {"field": "id", "oneOf": sorted(lagging)}}],
                "projection": {"type": "mercator"},
            }
        )
    return {
        **top,
        "datasets": {**top.get("datasets", {}), "kz-regions": features},
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "layer": layers,
    }


def target(status: Any) -> dict[str, Any]:
    """A target's chart as the targets page draws it (`keruen.targets.charts.target_chart`)."""
    return web_charts.spec(target_charts.target_chart(status, width=CHART_WIDTH, height=200))


def funnel(row: Any) -> dict[str, Any]:
    """The forum's funnel as the funnel page draws it (`keruen.targets.charts.funnel_chart`),
    without its title: the section says which forum it is."""
    spec = web_charts.spec(target_charts.funnel_chart(row, width=CHART_WIDTH - 160))
    spec.pop("title", None)
    return spec
