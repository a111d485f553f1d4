"""Vega-Lite chart specs: the pieces every page's charts are made of.

The specs feed the web page (rendered in the browser by the bundled Vega, `static/web/vega.js`)
and the PDF briefing (rendered to SVG by vl-convert). A chart function takes plain rows (dicts or
dataclasses) and returns a spec; `spec()` makes the dict of an altair chart (and passes a dict
through). `href` is the list behind each mark (the page opens it on click; the PDF leaves it out).

The dashboard's charts (`bar_by`, `keruen.reports.charts`, `keruen.web.maps.region_map`) are
written as plain dicts, the very dicts altair would make of them (`TOP`, `channel`): building
altair's objects (each channel parsed and copied through the schema's classes) cost about a third
of the dashboard's time on every request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Any
from urllib.parse import urlencode

import altair as alt
from django.urls import reverse
from django.utils.translation import gettext as _

from keruen.web.templatetags.keruen_tags import num

# Altair checks every object against the Vega-Lite schema as it is built (its "debug mode"): about
# a fifth of the dashboard's time, on every request, for charts that are fixed code. The tests
# check each spec the pages and the brief make against the schema instead
# (tests/web/test_chart_specs.py).
alt.utils.schemapi.disable_debug_mode()

BAR = "#0b5394"
#: What altair puts at the top of every spec: the schema and its default view size.
TOP: dict[str, Any] = {
    "$schema": alt.SCHEMA_URL,
    "config": {"view": {"continuousHeight": 300, "continuousWidth": 300}},
}
TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}
AGGREGATE = re.compile(r"(\w+)\((\w+)\)")


def channel(shorthand: str, **options: Any) -> dict[str, Any]:
    """An encoding channel from altair's shorthand: "name:N" → `{"field": "name", "type":
    "nominal"}`, "sum(projects):Q" → the same with `"aggregate": "sum"`; `options` added."""
    name, kind = shorthand.rsplit(":", 1)
    out: dict[str, Any] = {"field": name, "type": TYPES[kind]}
    if found := AGGREGATE.fullmatch(name):
        out.update(aggregate=found.group(1), field=found.group(2))
    return {**out, **options}


def top(**spec: Any) -> dict[str, Any]:
    """A whole Vega-Lite spec: `spec` under the schema and the default view."""
    return {**TOP, "config": {"view": dict(TOP["config"]["view"])}, **spec}


def rows(data: Sequence[Any]) -> list[dict[str, Any]]:
    return [asdict(r) if is_dataclass(r) else dict(r) for r in data]  # type: ignore[arg-type]


def list_url(base: str | None = None, **params: Any) -> str:
    """`base` (the project list by default) filtered by `params` (empty values left out)."""
    base = base or reverse("projects:list")
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(clean)}" if clean else base


def with_href(data: list[dict[str, Any]], key: str, param: str, extra: dict[str, Any]) -> None:
    """Give each row the list it stands for: `param=row[key]` plus `extra`."""
    base = reverse("projects:list")
    for d in data:
        d["href"] = list_url(base, **{param: d[key]}, **extra)


def short_number_expr(field: str = "datum.value") -> str:
    """A Vega expression writing a number shortly in the reader's language: "150 bn",
    "150 млрд", "2,5 mn" (thousands grouping and the decimal mark come from the locale the page
    gives Vega, `web/keruen.js`)."""
    steps = [(1e9, _("bn")), (1e6, _("mn")), (1e3, _("thousand"))]
    expr = f"format({field}, ',.4~r')"
    for size, word in reversed(steps):
        label = json.dumps(f"\u00a0{word}", ensure_ascii=False)
        expr = (
            f"abs({field}) >= {size:.0e} ? format({field} / {size:.0e}, ',.4~r') + {label} : {expr}"
        )
    return expr


def short_axis(**kwargs: Any) -> alt.Axis:
    """An axis labelled "150 bn" / "150 млрд" rather than d3's SI "150G"."""
    return alt.Axis(labelExpr=short_number_expr(), **kwargs)


def short_number(value: Any) -> str:
    """The Python twin of `short_number_expr`, for tooltips and tables: "66,4 млрд"."""
    if value is None:
        return "—"
    v = float(value)
    for size, word in ((1e9, _("bn")), (1e6, _("mn")), (1e3, _("thousand"))):
        if abs(v) >= size:
            return f"{num(round(v / size, 1), 0 if v / size >= 100 else 1)}\u00a0{word}"
    return num(round(v))


def spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite dict of `chart` (a chart written as a dict already is one)."""
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def bar_by(
    data: Sequence[Any],
    *,
    title: str,
    param: str,
    measure: str = "projects",
    extra: dict[str, Any] | None = None,
    width: int | str = "container",
) -> dict[str, Any]:
    """Horizontal bars of projects (or their investment) per `code`/`name` row."""
    values = rows(data)
    with_href(values, "code", param, extra or {})
    label = _("Projects") if measure == "projects" else _("Investment, USD")
    axis = {"format": "d"} if measure == "projects" else {"labelExpr": short_number_expr()}
    for d in values:
        d["investment_text"] = short_number(d.get("investment_usd"))
    return top(
        data={"values": values},
        mark={"type": "bar", "color": BAR, "cursor": "pointer"},
        encoding={
            "x": channel(f"{measure}:Q", title=label, axis=axis),
            "y": channel("name:N", title=None, sort="-x"),
            "href": channel("href:N"),
            "tooltip": [
                channel("name:N", title=_("Name")),
                channel("projects:Q", title=_("Projects"), format="d"),
                channel("investment_text:N", title=_("Investment, USD")),
            ],
        },
        title=title,
        width=width,
        height=max(120, 22 * len(values)),
    )
