"""Charts of the brief: Vega-Lite specifications (the same the web pages draw) rendered to SVG
offline with vl-convert, so the PDF carries vector charts and needs no browser or network."""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import altair as alt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from keruen.reports import charts as dashboard_charts
from keruen.reports import maps

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


def region_map(regions: Sequence[Any], *, lagging: Sequence[str]) -> dict[str, Any]:
    """The dashboard's region map, with the lagging regions outlined in red."""
    base = maps.region_map(regions, width=MAP_WIDTH, height=MAP_HEIGHT)
    layers: list[Any] = [base]
    if lagging:
        codes = sorted(lagging)
        outline = (
            alt.Chart(alt.Data(values=maps.geojson()["features"]))
            .mark_geoshape(filled=False, stroke=LAGGING, strokeWidth=2.2)
            .transform_filter(alt.FieldOneOfPredicate(field="id", oneOf=codes))
            .project(type="mercator")
            .properties(width=MAP_WIDTH, height=MAP_HEIGHT)
        )
        layers.append(outline)
    chart = alt.layer(*layers).properties(width=MAP_WIDTH, height=MAP_HEIGHT)
    return dashboard_charts.spec(chart)


def trajectory(status: Any) -> dict[str, Any]:
    """A target's path: planned and actual (cumulative) and the trend forecast, per year."""
    target = status.target
    scale = 10**9 if target.is_monetary else 1
    unit = _("USD bn") if target.is_monetary else target.unit_label
    planned, actual, trend = _("planned"), _("actual"), _("forecast (trend)")
    values: list[dict[str, Any]] = []
    trend_cum = Decimal(0)
    for row in status.by_year:
        values.append(
            {
                "year": str(row.year),
                "series": planned,
                "value": float(row.planned_cumulative) / scale,
            }
        )
        if row.reported:
            values.append(
                {
                    "year": str(row.year),
                    "series": actual,
                    "value": float(row.actual_cumulative) / scale,
                }
            )
        if row.forecast_trend is not None:
            trend_cum += row.forecast_trend
            values.append(
                {"year": str(row.year), "series": trend, "value": float(trend_cum) / scale}
            )
    order = [planned, actual, trend]
    lines = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color(
                "series:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=["#999999", "#0b5394", "#E69F00"]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=order,
                legend=None,
                scale=alt.Scale(domain=order, range=[[4, 3], [1, 0], [2, 2]]),
            ),
        )
    )
    goal = (
        alt.Chart(alt.Data(values=[{"value": float(target.target_value) / scale}]))
        .mark_rule(color=LAGGING, strokeDash=[6, 3])
        .encode(y="value:Q")
    )
    chart = alt.layer(lines, goal).properties(
        width=CHART_WIDTH, height=180, title=target.localized_name()
    )
    return dashboard_charts.spec(chart)


def funnel(steps: Sequence[Any]) -> dict[str, Any]:
    """The forum's funnel: how many agreements and projects reached each step."""
    values = [{"label": str(s.label), "count": s.count, "order": i} for i, s in enumerate(steps)]
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=dashboard_charts.BAR)
        .encode(
            x=alt.X("count:Q", title=None),
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order")),
        )
    )
    text = bars.mark_text(align="left", dx=3, color="#1b1b1b").encode(text="count:Q")
    return dashboard_charts.spec(
        alt.layer(bars, text).properties(width=CHART_WIDTH - 160, height=24 * len(values))
    )
