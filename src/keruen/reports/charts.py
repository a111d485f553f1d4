"""The dashboard's Vega-Lite charts, one function per chart, given plain rows.

Every function takes the rows of `keruen.reports.dashboard` and returns the Vega-Lite spec as a
dict (written as altair would write it, without building its objects on every request); the
shared pieces (`rows`, `list_url`, `bar_by`, `channel`, `top`) are in `keruen.web.charts`. Texts
are translated in the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from keruen.projects.models import Stage
from keruen.web.charts import bar_by, channel, list_url, rows, top, with_href

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


def _stage_colour(**options: Any) -> dict[str, Any]:
    """Colour by the stage's name (`label`), each stage in its colour."""
    scale = {"domain": _stage_order(), "range": list(STAGE_COLOURS.values())}
    return channel("label:N", scale=scale, **options)


def by_sector(data: Sequence[Any], *, portfolio: str | None = None) -> dict[str, Any]:
    return bar_by(
        data, title=_("Projects by sector"), param="sector", extra={"portfolio": portfolio}
    )


def by_investor_country(data: Sequence[Any], *, portfolio: str | None = None) -> dict[str, Any]:
    return bar_by(
        data,
        title=_("Projects by investor country"),
        param="country",
        extra={"portfolio": portfolio},
    )


def stage_over_time(data: Sequence[Any], *, portfolio: str | None = None) -> dict[str, Any]:
    values = rows(data)
    with_href(values, "stage", "stage", {"portfolio": portfolio})
    return top(
        data={"values": values},
        mark={"type": "bar", "cursor": "pointer"},
        encoding={
            "x": channel("period:O", title=_("Quarter")),
            "y": channel("sum(projects):Q", title=_("Projects")),
            "color": _stage_colour(title=_("Stage"), sort=_stage_order()),
            "order": channel("stage:N"),
            "href": channel("href:N"),
            "tooltip": [
                channel("period:O", title=_("Quarter")),
                channel("label:N", title=_("Stage")),
                channel("sum(projects):Q", title=_("Projects")),
            ],
        },
        title=_("When projects reached their current stage"),
        width="container",
        height=220,
    )


def by_stage(
    by_stage: dict[str, dict[str, Any]], *, portfolio: str | None = None
) -> dict[str, Any]:
    """The funnel: projects per stage (the `by_stage` of `keruen summary`)."""
    labels = dict(Stage.choices)
    base = reverse("projects:list")
    values = [
        {
            "stage": s,
            "label": str(labels[s]),
            "projects": v["projects"],
            "investment_usd": v["investment_usd"],
            "href": list_url(base, stage=s, portfolio=portfolio),
        }
        for s, v in by_stage.items()
    ]
    return top(
        data={"values": values},
        mark={"type": "bar", "cursor": "pointer"},
        encoding={
            "x": channel("projects:Q", title=_("Projects")),
            "y": channel("label:N", title=None, sort=_stage_order()),
            "color": _stage_colour(legend=None),
            "href": channel("href:N"),
            "tooltip": [
                channel("label:N", title=_("Stage")),
                channel("projects:Q", title=_("Projects")),
                channel("investment_usd:Q", title=_("Investment, USD"), format=",.3~s"),
            ],
        },
        title=_("Projects by stage"),
        width="container",
        height=180,
    )
