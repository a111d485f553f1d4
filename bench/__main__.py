"""Run the benchmarks and write docs/benchmarks.md.

Each `bench/bench_<name>.py` has `run() -> str`: it measures Keruen beside the raw engine in the
same run and returns a Markdown section. `python -m bench [NAME ...]` runs some or all of them;
the sections of those not run are kept from the previous docs/benchmarks.md. Options after one
name go to its `run(argv)` (`python -m bench scale --projects 20000`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured by `make bench` (or `python -m bench NAME`) on the development machine: {machine}.
Every figure stands beside the raw engine measured in the same run, as a ratio; absolute numbers
move with the machine, ratios much less. `make bench` includes the national-scale run (`scale`,
1,000,000 projects on PostgreSQL), an hour or more on a small machine; `python -m bench scale
--projects 20000` is a quick one.
"""


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^<!-- bench:(\w+) -->\n", text)
    return {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def write(sections: dict[str, str], doc: Path = DOC) -> None:
    """Writes `sections` (name → Markdown) into `doc`, keeping the others it holds."""
    kept = _sections(doc.read_text(encoding="utf-8")) if doc.exists() else {}
    kept.update(sections)
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    body = HEADER.format(machine=machine) + "".join(
        f"\n<!-- bench:{name} -->\n{kept[name]}" for name in sorted(kept)
    )
    doc.write_text(body, encoding="utf-8")


def stamped(body: str, stamp: str, before: str) -> str:
    """A section with when it was measured and the load average at its start and end."""
    return (
        body.rstrip() + f"\n\n_Measured {stamp}; load average (1, 5, 15 min) {before} at the "
        f"start, {_load()} at the end on {os.cpu_count()} cores._\n"
    )


def main(args: list[str]) -> None:
    available = sorted(p.stem[len("bench_") :] for p in Path(__file__).parent.glob("bench_*.py"))
    first_option = next((i for i, a in enumerate(args) if a.startswith("-")), len(args))
    names, options = args[:first_option], args[first_option:]
    chosen = names or available
    unknown = set(chosen) - set(available)
    if unknown:
        sys.exit(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available)}"
        )
    if options and len(chosen) != 1:
        sys.exit("options (e.g. --projects N) go to one benchmark: name it alone")
    if len(chosen) > 1:
        # Each benchmark sets Django up on a database of its own: one process each, one after
        # the other, each writing its section as it finishes.
        for name in chosen:
            subprocess.run([sys.executable, "-m", "bench", name], check=True, cwd=ROOT)
        return
    for name in chosen:
        print(f"running bench_{name} ...", file=sys.stderr)
        module = importlib.import_module(f"bench.bench_{name}")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        before = _load()
        body = module.run(options) if options else module.run()
        write({name: stamped(body, stamp, before)})
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
