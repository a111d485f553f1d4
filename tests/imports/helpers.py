"""Small helpers for import tests: write rows as a CSV file."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path
