"""Charts of the brief: Vega-Lite specifications (the same the web pages draw) rendered to SVG
offline with vl-convert, so the PDF carries vector charts and needs no browser or network."""

from __future__ import annotations

import threading
from typing import Any

#: Fonts that carry Kazakh and Russian letters and ₸ (WeasyPrint draws the SVG text with them).
FONT = "DejaVu Sans"
_CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 10, "titleFontSize": 10},
    "legend": {"labelFontSize": 10, "titleFontSize": 10},
}
_warm: threading.Thread | None = None


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
    return str(vl_convert.vegalite_to_svg({**spec, "config": config}))
