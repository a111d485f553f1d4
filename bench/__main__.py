"""Run the benchmarks and write docs/benchmarks.md.

Each `bench/bench_<name>.py` has `run() -> str`: it measures Keruen beside the raw engine in the
same run and returns a Markdown section. `python -m bench [NAME ...]` runs some or all of them;
the sections of those not run are kept from the previous docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured by `make bench` (or `python -m bench NAME`) on the development machine: {machine}.
Every figure stands beside the raw engine measured in the same run, as a ratio; absolute numbers
move with the machine, ratios much less.
"""


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^<!-- bench:(\w+) -->\n", text)
    return {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}


def main(names: list[str]) -> None:
    available = sorted(p.stem[len("bench_") :] for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = names or available
    unknown = set(chosen) - set(available)
    if unknown:
        sys.exit(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available)}"
        )
    sections = _sections(DOC.read_text(encoding="utf-8")) if DOC.exists() else {}
    for name in chosen:
        print(f"running bench_{name} ...", file=sys.stderr)
        module = importlib.import_module(f"bench.bench_{name}")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        sections[name] = module.run().rstrip() + f"\n\n_Measured {stamp}._\n"
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    body = HEADER.format(machine=machine) + "".join(
        f"\n<!-- bench:{name} -->\n{sections[name]}" for name in sorted(sections)
    )
    DOC.write_text(body, encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
