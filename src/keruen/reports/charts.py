"""The dashboard's Vega-Lite charts (altair), one function per chart, given plain rows.

Every function takes the rows of `keruen.reports.dashboard` and returns an `alt.Chart`; the
shared pieces (`rows`, `list_url`, `bar_by`, `spec`) are in `keruen.web.charts`. Texts are
translated in the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from keruen.projects.models import Stage
from keruen.web.charts import bar_by, list_url, rows, with_href

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


def _stage_order() -> list[str]:
    """The stages' names in the active language, in the stage order."""
    labels = dict(Stage.choices)
    return [str(labels[s]) for s in STAGE_COLOURS]


def _stage_colour(**options: Any) -> alt.Color:
    """Colour by the stage's name (`label`), each stage in its colour."""
    scale = alt.Scale(domain=_stage_order(), range=list(STAGE_COLOURS.values()))
    return alt.Color("label:N", scale=scale, **options)


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
    with_href(values, "stage", "stage", {"portfolio": portfolio})
    return (
        alt.Chart(alt.Data(values=values), title=_("When projects reached their current stage"))
        .mark_bar(cursor="pointer")
        .encode(
            x=alt.X("period:O", title=_("Quarter")),
            y=alt.Y("sum(projects):Q", title=_("Projects")),
            color=_stage_colour(title=_("Stage"), sort=_stage_order()),
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
    return (
        alt.Chart(alt.Data(values=values), title=_("Projects by stage"))
        .mark_bar(cursor="pointer")
        .encode(
            x=alt.X("projects:Q", title=_("Projects")),
            y=alt.Y("label:N", title=None, sort=_stage_order()),
            color=_stage_colour(legend=None),
            href="href:N",
            tooltip=[
                alt.Tooltip("label:N", title=_("Stage")),
                alt.Tooltip("projects:Q", title=_("Projects")),
                alt.Tooltip("investment_usd:Q", title=_("Investment, USD"), format=",.3~s"),
            ],
        )
        .properties(width="container", height=180)
    )
