"""Vega-Lite chart specs (altair), one function per chart, given plain rows.

The same specs feed the web page (rendered in the browser by the bundled Vega, see
`static/reports/charts.js`) and the PDF briefing (rendered to SVG by vl-convert). Every function
takes the rows of `keruen.reports.dashboard`, returns an `alt.Chart`; `spec()` makes the dict.
Texts are translated in the active language; `href` is the list behind each mark (the page opens
it on click; the PDF leaves it out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Any
from urllib.parse import urlencode

import altair as alt
from django.urls import reverse
from django.utils.translation import gettext as _

from keruen.projects.models import Stage

#: Colours per stage (colour-blind safe, Okabe-Ito), in the stage order.
STAGE_COLOURS = {
    Stage.ANNOUNCED: "#999999",
    Stage.AGREED: "#56B4E9",
    Stage.PREPARATION: "#F0E442",
    Stage.CONSTRUCTION: "#E69F00",
    Stage.OPERATING: "#009E73",
    Stage.SUSPENDED: "#CC79A7",
    Stage.CANCELLED: "#D55E00",
}
BAR = "#0b5394"


def rows(data: Sequence[Any]) -> list[dict[str, Any]]:
    return [asdict(r) if is_dataclass(r) else dict(r) for r in data]  # type: ignore[arg-type]


def list_url(**params: Any) -> str:
    """The project list filtered by `params` (empty values left out)."""
    base = reverse("projects:list")
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(clean)}" if clean else base


def _with_href(data: list[dict[str, Any]], key: str, param: str, extra: dict[str, Any]) -> None:
    for d in data:
        d["href"] = list_url(**{param: d[key]}, **extra)


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict(validate=False)


def bar_by(
    data: Sequence[Any],
    *,
    title: str,
    param: str,
    measure: str = "projects",
    extra: dict[str, Any] | None = None,
    width: int | str = "container",
) -> alt.Chart:
    values = rows(data)
    _with_href(values, "code", param, extra or {})
    label = _("Projects") if measure == "projects" else _("Investment, USD")
    fmt = "d" if measure == "projects" else "~s"
    return (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_bar(color=BAR, cursor="pointer")
        .encode(
            x=alt.X(f"{measure}:Q", title=label, axis=alt.Axis(format=fmt)),
            y=alt.Y("name:N", title=None, sort="-x"),
            href="href:N",
            tooltip=[
                alt.Tooltip("name:N", title=_("Name")),
                alt.Tooltip("projects:Q", title=_("Projects"), format="d"),
                alt.Tooltip("investment_usd:Q", title=_("Investment, USD"), format=",.3~s"),
            ],
        )
        .properties(width=width, height=max(120, 22 * len(values)))
    )


def by_sector(data: Sequence[Any], *, portfolio: str | None = None) -> alt.Chart:
    return bar_by(
        data, title=_("Projects by sector"), param="sector", extra={"portfolio": portfolio}
    )


def by_investor_country(data: Sequence[Any], *, portfolio: str | None = None) -> alt.Chart:
    return bar_by(
        data,
        title=_("Projects by investor country"),
        param="country",
        extra={"portfolio": portfolio},
    )


def stage_over_time(data: Sequence[Any], *, portfolio: str | None = None) -> alt.Chart:
    values = rows(data)
    _with_href(values, "stage", "stage", {"portfolio": portfolio})
    labels = dict(Stage.choices)
    order = [str(labels[s]) for s in STAGE_COLOURS]
    return (
        alt.Chart(alt.Data(values=values), title=_("When projects reached their current stage"))
        .mark_bar(cursor="pointer")
        .encode(
            x=alt.X("period:O", title=_("Quarter")),
            y=alt.Y("sum(projects):Q", title=_("Projects")),
            color=alt.Color(
                "label:N",
                title=_("Stage"),
                sort=order,
                scale=alt.Scale(domain=order, range=list(STAGE_COLOURS.values())),
            ),
            order=alt.Order("stage:N"),
            href="href:N",
            tooltip=[
                alt.Tooltip("period:O", title=_("Quarter")),
                alt.Tooltip("label:N", title=_("Stage")),
                alt.Tooltip("sum(projects):Q", title=_("Projects")),
            ],
        )
        .properties(width="container", height=220)
    )


def by_stage(by_stage: dict[str, dict[str, Any]], *, portfolio: str | None = None) -> alt.Chart:
    """The funnel: projects per stage (the `by_stage` of `keruen summary`)."""
    labels = dict(Stage.choices)
    values = [
        {
            "stage": s,
            "label": str(labels[s]),
            "projects": v["projects"],
            "investment_usd": v["investment_usd"],
            "href": list_url(stage=s, portfolio=portfolio),
        }
        for s, v in by_stage.items()
    ]
    order = [str(labels[s]) for s in STAGE_COLOURS]
    return (
        alt.Chart(alt.Data(values=values), title=_("Projects by stage"))
        .mark_bar(cursor="pointer")
        .encode(
            x=alt.X("projects:Q", title=_("Projects")),
            y=alt.Y("label:N", title=None, sort=order),
            color=alt.Color(
                "label:N",
                legend=None,
                scale=alt.Scale(domain=order, range=list(STAGE_COLOURS.values())),
            ),
            href="href:N",
            tooltip=[
                alt.Tooltip("label:N", title=_("Stage")),
                alt.Tooltip("projects:Q", title=_("Projects")),
                alt.Tooltip("investment_usd:Q", title=_("Investment, USD"), format=",.3~s"),
            ],
        )
        .properties(width="container", height=180)
    )
