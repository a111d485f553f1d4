"""The regions on the map of Kazakhstan (the boundaries of `keruen.web.maps`): lagging regions
in amber, the region being looked at in blue; each region opens its page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from keruen.regions.scorecard import RegionScorecard
from keruen.web.charts import channel, top
from keruen.web.maps import shapes_layer

SELECTED, LAGGING, OTHER = "#0b5394", "#E69F00", "#d9dee4"


def scorecard_map(
    cards: Sequence[RegionScorecard],
    *,
    selected: str | None = None,
    geo_url: str | None,
    height: int = 260,
) -> dict[str, Any]:
    """A Vega-Lite spec: every region coloured by its verdict, `selected` highlighted."""
    lagging, selected_label, other = _("lagging"), _("this region"), _("not lagging")
    values = [
        {
            "code": c.code,
            "name": c.name,
            "status": selected_label if c.code == selected else (lagging if c.lagging else other),
            "projects": c.projects_counted,
            "href": reverse("regions:detail", args=[c.code]),
        }
        for c in cards
    ]
    domain = [selected_label, lagging, other] if selected else [lagging, other]
    colours = [SELECTED, LAGGING, OTHER] if selected else [LAGGING, OTHER]
    shapes = shapes_layer(values, ["name", "status", "projects", "href"], geo_url=geo_url)
    encoding = {
        "color": channel(
            "status:N",
            title=None,
            scale={"domain": domain, "range": colours},
            legend={"orient": "bottom-left", "direction": "horizontal"},
        ),
        "href": channel("href:N"),
        "tooltip": [
            channel("name:N", title=_("Region")),
            channel("status:N", title=_("Verdict")),
            channel("projects:Q", title=_("Projects")),
        ],
    }
    return top(
        **shapes,
        encoding=encoding,
        projection={"type": "mercator"},
        width="container",
        height=height,
    )
