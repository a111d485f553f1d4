"""Write the Vega, Vega-Lite and Vega-Embed JavaScript the pages use, from vl-convert-python.

    python scripts/build_vega_bundle.py

The bundle (vl_convert.javascript_bundle(), no network) takes seconds to build, so it is built
once and committed as src/keruen/web/static/web/vega.js; Keruen serves it itself (no CDN).
Re-run after upgrading vl-convert-python.
"""

from __future__ import annotations

from pathlib import Path

import vl_convert

OUT = Path(__file__).resolve().parent.parent / "src/keruen/web/static/web/vega.js"


def main() -> None:
    version = vl_convert.__version__
    header = f"/* Vega, Vega-Lite, Vega-Embed bundled by vl-convert-python {version} (BSD-3) */\n"
    OUT.write_text(header + vl_convert.javascript_bundle() + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
