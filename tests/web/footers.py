"""Reading a list page's footer (`_selection_footer.html`) as the page writes it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any


def footer(client: Any, path: str, **headers: Any) -> dict[str, Any]:
    """The totals row under a list page's table, as the page writes it."""
    r = client.get(path, **headers)
    assert r.status_code == 200, path
    foot = re.search(r"<tfoot>(.*?)</tfoot>", r.content.decode(), re.S)
    assert foot is not None, f"{path} has no footer"
    html = foot.group(1)
    row = dict(re.findall(r'data-(count|hidden)="(\d+)"', html))
    figures = dict(re.findall(r'data-figure="(usd|jobs)" data-value="([^"]*)"', html))
    return {
        "count": int(row["count"]),
        "hidden": int(row["hidden"]),
        "usd": Decimal(figures["usd"]) if "usd" in figures else None,
        "jobs": int(figures["jobs"]) if "jobs" in figures else None,
        "text": " ".join(re.sub(r"<[^>]+>", " ", html).split()),
    }
