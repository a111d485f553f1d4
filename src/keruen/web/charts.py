"""Vega-Lite chart specs (altair): the pieces every page's charts are made of.

The specs feed the web page (rendered in the browser by the bundled Vega, `static/web/vega.js`)
and the PDF briefing (rendered to SVG by vl-convert). A chart function takes plain rows (dicts or
dataclasses) and returns an `alt.Chart`; `spec()` makes the dict. `href` is the list behind each
mark (the page opens it on click; the PDF leaves it out).
"""

from __future__ import annotations

import json
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


def rows(data: Sequence[Any]) -> list[dict[str, Any]]:
    return [asdict(r) if is_dataclass(r) else dict(r) for r in data]  # type: ignore[arg-type]


def list_url(base: str | None = None, **params: Any) -> str:
    """`base` (the project list by default) filtered by `params` (empty values left out)."""
    base = base or reverse("projects:list")
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(clean)}" if clean else base


def with_href(data: list[dict[str, Any]], key: str, param: str, extra: dict[str, Any]) -> None:
    """Give each row the list it stands for: `param=row[key]` plus `extra`."""
    for d in data:
        d["href"] = list_url(**{param: d[key]}, **extra)


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
    """Horizontal bars of projects (or their investment) per `code`/`name` row."""
    values = rows(data)
    with_href(values, "code", param, extra or {})
    label = _("Projects") if measure == "projects" else _("Investment, USD")
    axis = alt.Axis(format="d") if measure == "projects" else short_axis()
    for d in values:
        d["investment_text"] = short_number(d.get("investment_usd"))
    return (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_bar(color=BAR, cursor="pointer")
        .encode(
            x=alt.X(f"{measure}:Q", title=label, axis=axis),
            y=alt.Y("name:N", title=None, sort="-x"),
            href="href:N",
            tooltip=[
                alt.Tooltip("name:N", title=_("Name")),
                alt.Tooltip("projects:Q", title=_("Projects"), format="d"),
                alt.Tooltip("investment_text:N", title=_("Investment, USD")),
            ],
        )
        .properties(width=width, height=max(120, 22 * len(values)))
    )
