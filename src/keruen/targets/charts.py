"""Vega-Lite charts (altair) of a target and of the agreement funnel.

The same specs serve the web page (drawn by the bundled Vega, `web/static/web/vega.js`)
and the PDF briefing (rendered by vl-convert). Each function takes plain data — the dicts of
`TargetStatus.to_json_dict()` and `FunnelRow.to_json_dict()` (or the objects themselves) — and
returns an altair chart; `keruen.web.charts.spec(chart)` (or `chart.to_dict()`) makes the dict.

    from keruen.targets.charts import target_chart, funnel_chart
    chart = target_chart(target_status(user=None, target=t))
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keruen.web.charts import short_axis, short_number

#: Okabe-Ito colours (colour-blind safe): plan, actual, trend, pipeline, target.
COLOURS = {
    "trajectory": "#999999",
    "actual": "#0072B2",
    "trend": "#E69F00",
    "pipeline": "#009E73",
    "target": "#D55E00",
}
FUNNEL_COLOUR = "#0b5394"


def _as_dict(data: Any) -> dict[str, Any]:
    return data if isinstance(data, dict) else data.to_json_dict()


def target_label(d: dict[str, Any]) -> str:
    """A target's name in the reader's language (its English name when not translated)."""
    lang = (get_language() or "en")[:2]
    return str(d.get(f"name_{lang}") or d["name"])


def target_rows(status: Any) -> list[dict[str, Any]]:
    """The cumulative series of a target, year by year: trajectory, actual, both forecasts."""
    d = _as_dict(status)
    labels = {
        "trajectory": _("Trajectory"),
        "actual": _("Actual"),
        "trend": _("Forecast (trend)"),
        "pipeline": _("Forecast (pipeline)"),
    }
    out: list[dict[str, Any]] = []

    def add(series: str, year: int, value: float | None) -> None:
        if value is not None:
            out.append(
                {
                    "series": series,
                    "label": labels[series],
                    "year": str(year),
                    "value": value,
                    "value_text": short_number(value),
                }
            )

    years = d["by_year"]
    reported = [y for y in years if y["reported"]]
    last_year = reported[-1]["year"] if reported else None
    trend_cum = 0.0
    for y in years:
        add("trajectory", y["year"], y["planned_cumulative"])
        if last_year is not None and y["year"] <= last_year:
            add("actual", y["year"], y["actual_cumulative"])
        if d["forecast_trend"] is not None and y["forecast_trend"] is not None:
            trend_cum += y["forecast_trend"]
            if last_year is not None and y["year"] >= last_year:
                add("trend", y["year"], trend_cum)
    start = last_year if last_year is not None else d["period_start_year"]
    start_value = d["actual"] if last_year is not None else 0.0
    if start != d["period_end_year"]:
        add("pipeline", start, start_value)
    add("pipeline", d["period_end_year"], d["forecast_pipeline"])
    return out


def target_chart(
    status: Any, *, width: int | str = "container", height: int = 260
) -> alt.LayerChart:
    """Cumulative actual against the trajectory, the two forecasts, and the target as a rule."""
    d = _as_dict(status)
    values = target_rows(d)
    order = [_("Trajectory"), _("Actual"), _("Forecast (trend)"), _("Forecast (pipeline)")]
    colours = [COLOURS[k] for k in ("trajectory", "actual", "trend", "pipeline")]
    unit = d.get("unit") or ""
    value_title = _("Cumulative, %(unit)s") % {"unit": unit} if unit else _("Cumulative")
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("value:Q", title=value_title, axis=short_axis()),
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(domain=order, range=colours),
            legend=alt.Legend(orient="bottom"),
        ),
        strokeDash=alt.StrokeDash(
            "label:N",
            scale=alt.Scale(domain=order, range=[[4, 3], [1, 0], [6, 3], [2, 2]]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title=_("Series")),
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("value_text:N", title=_("Value")),
        ],
    )
    lines = base.mark_line(point=True, strokeWidth=2)
    rule = (
        alt.Chart(
            alt.Data(
                values=[
                    {
                        "value": d["target_value"],
                        "value_text": short_number(d["target_value"]),
                        "label": _("Target"),
                    }
                ]
            )
        )
        .mark_rule(color=COLOURS["target"], strokeWidth=1.5)
        .encode(
            y="value:Q",
            tooltip=[
                alt.Tooltip("label:N", title=_("Series")),
                alt.Tooltip("value_text:N", title=_("Value")),
            ],
        )
    )
    chart = alt.layer(lines, rule).properties(width=width, height=height, title=target_label(d))
    return cast(alt.LayerChart, chart)


def funnel_rows(row: Any) -> list[dict[str, Any]]:
    """The funnel's steps with their counts, values and the share of agreements they keep."""
    d = _as_dict(row)
    steps = [
        ("signed", _("Agreements signed"), d["agreements"], d["agreements_value_usd"]),
        (
            "linked",
            _("Linked to projects"),
            d["linked_agreements"],
            d["linked_agreements_value_usd"],
        ),
        ("projects", _("Projects they became"), d["linked_projects"], d["investment_linked_usd"]),
        (
            "construction",
            _("In construction or operating"),
            d["projects_construction"] + d["projects_operating"],
            None,
        ),
        ("operating", _("Operating"), d["projects_operating"], d["investment_realised_usd"]),
    ]
    return [
        {
            "order": i,
            "step": key,
            "label": label,
            "count": count,
            "value_usd": value,
            "value_text": short_number(value),
        }
        for i, (key, label, count, value) in enumerate(steps)
    ]


def funnel_chart(row: Any, *, width: int | str = "container") -> alt.LayerChart:
    """Bars from agreements signed to projects operating, each labelled with its count."""
    d = _as_dict(row)
    values = funnel_rows(d)
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("label:N", title=None, sort=alt.SortField("order")),
        x=alt.X("count:Q", title=_("Count"), axis=alt.Axis(format="d")),
        tooltip=[
            alt.Tooltip("label:N", title=_("Step")),
            alt.Tooltip("count:Q", title=_("Count"), format="d"),
            alt.Tooltip("value_text:N", title=_("USD")),
        ],
    )
    bars = base.mark_bar(color=FUNNEL_COLOUR)
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("count:Q", format="d"))
    chart = alt.layer(bars, text).properties(
        width=width, height=34 * len(values), title=d.get("title", "")
    )
    return cast(alt.LayerChart, chart)
