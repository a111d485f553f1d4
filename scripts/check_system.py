"""What `make install` needs from the machine, checked before anything is installed.

Run by the Makefile with the Python it will build the virtualenv from (standard library only).
Each missing piece gets one line saying what is missing and how to get it; the exit status is 1
when something required is missing, 0 otherwise (fonts are advice, not a requirement).
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import shutil
import subprocess
import sys

SUPPORTED = ((3, 11), (3, 13))


def _python() -> str | None:
    low, high = SUPPORTED
    if not low <= sys.version_info[:2] <= high:
        found = ".".join(map(str, sys.version_info[:3]))
        return (
            f"Python {found} at {sys.executable} is not supported: Keruen needs Python "
            f"{low[0]}.{low[1]} to {high[0]}.{high[1]}. Run `make PYTHON=python3.11 ...` "
            "with a supported interpreter."
        )
    return None


def _venv() -> str | None:
    if importlib.util.find_spec("venv") is None or importlib.util.find_spec("ensurepip") is None:
        minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
        return (
            f"Python's venv module (with ensurepip) is missing for {sys.executable}: on Debian or "
            f"Ubuntu `apt-get install python{minor}-venv`."
        )
    return None


def _pango() -> str | None:
    # WeasyPrint (the briefing PDF) loads Pango through cffi at import time.
    if ctypes.util.find_library("pango-1.0") is None or (
        ctypes.util.find_library("pangoft2-1.0") is None and sys.platform not in ("darwin", "win32")
    ):
        return (
            "The Pango library that WeasyPrint needs for the briefing PDF is missing: on Debian "
            "or Ubuntu `apt-get install libpango-1.0-0 libpangoft2-1.0-0`, on macOS "
            "`brew install pango`."
        )
    return None


def _harfbuzz_subset() -> str | None:
    # WeasyPrint subsets embedded fonts with it; without it, PDFs are larger and it warns.
    if sys.platform == "linux" and ctypes.util.find_library("harfbuzz-subset") is None:
        return (
            "note: libharfbuzz-subset is not installed; WeasyPrint will require it "
            "(`apt-get install libharfbuzz-subset0`)."
        )
    return None


def _fonts() -> str | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    out = subprocess.run([fc_list], capture_output=True, text=True, check=False).stdout
    if "dejavu" not in out.lower():
        return (
            "note: DejaVu fonts are not installed; briefing PDFs fall back to another font for "
            "Kazakh letters and the tenge sign (`apt-get install fonts-dejavu-core`)."
        )
    return None


def main() -> int:
    problems = [p for p in (_python(), _venv(), _pango()) if p]
    for problem in problems:
        print(f"make install: {problem}", file=sys.stderr)
    for advice in (_harfbuzz_subset(), _fonts()):
        if advice:
            print(f"make install: {advice}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
