"""Command line for the extractor without Django (the ``keruen`` CLI wraps the same calls).

python -m keruen.ingest.extraction extract FILE... [--json]
python -m keruen.ingest.extraction eval GOLD_DIR [--json] [--errors] [--rule acceptance]
"""

from __future__ import annotations

import argparse
import json
import sys

from .evaluate import evaluate_dir
from .pipeline import extract_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m keruen.ingest.extraction")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="facts of text or HTML files")
    ex.add_argument("files", nargs="+")
    ex.add_argument("--json", action="store_true", help="one JSON object per file per line")
    ex.add_argument("--ner", action="store_true", help="natasha names Russian companies (slower)")
    ev = sub.add_parser("eval", help="precision/recall/F1 on a dev-set-like folder")
    ev.add_argument("gold_dir")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--errors", action="store_true", help="list false positives and negatives")
    ev.add_argument("--rule", choices=["readme", "acceptance"], default="readme")
    args = ap.parse_args(argv)

    if args.command == "extract":
        status = 0
        for path in args.files:
            try:
                result = extract_file(path, ner=args.ner)
            except (OSError, UnicodeDecodeError) as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                status = 1
                continue
            if args.json:
                print(json.dumps(result.to_json_dict(file=path), ensure_ascii=False))
            else:
                print(
                    f"{path} [{result.language}]" + (f" {result.message}" if result.message else "")
                )
                for f in result.facts:
                    d = f.to_json_dict()
                    extra = ", ".join(
                        f"{k}={d[k]}" for k in ("value", "currency", "unit", "qualifier") if k in d
                    )
                    print(f"  {f.kind:<18} {extra}\n    {f.quote!r}")
        return status
    report = evaluate_dir(args.gold_dir, rule=args.rule)
    if args.json:
        print(json.dumps(report.to_json_dict(with_errors=args.errors), ensure_ascii=False))
    else:
        print(report.to_text(with_errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
