"""Score the extractor on a folder laid out like the development set.

Layout: ``texts/<id>.txt`` (line 1 source, line 2 date, body from line 3) and
``gold/<id>.json`` (``{"text_file": ..., "facts": [...]}``). Offsets point into the body,
``"\\n".join(lines[2:])``.

Matching rule (the dev set's README): a prediction matches a gold fact of the same text when
the kinds are equal, the spans overlap and, for every gold fact with a ``value``, the values
agree within 0.5 % and ``currency`` and ``unit`` agree. Matching is one-to-one, largest overlap
first. Precision, recall and F1 are reported per kind, and as micro averages over the numeric
kinds, the named kinds (project, agreement, event) and all kinds. ``rule="acceptance"`` applies
the looser rule of the acceptance scorer instead (values checked on numeric kinds only, currency
only when gold has one, unit not checked).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .pipeline import extract
from .types import KINDS, NAMED_KINDS, NUMERIC_KINDS

Rule = Literal["readme", "acceptance"]
FactDict = Mapping[str, Any]
INFORMATIVE = ("qualifier", "region", "counterparty_country", "company", "date")


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "p": round(self.precision, 3),
            "r": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(slots=True)
class Error:
    doc: str
    error: Literal["false_positive", "false_negative"]
    fact: dict[str, Any]


@dataclass(slots=True)
class Report:
    per_kind: dict[str, PRF]
    numeric: PRF
    named: PRF
    overall: PRF
    documents: int
    rule: Rule = "readme"
    field_accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)

    def to_json_dict(self, *, with_errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {k: v.to_json_dict() for k, v in sorted(self.per_kind.items())}
        out["numeric"] = self.numeric.to_json_dict()
        out["named"] = self.named.to_json_dict()
        out["all"] = self.overall.to_json_dict()
        out["documents"] = self.documents
        out["rule"] = self.rule
        out["field_accuracy"] = {
            k: {"correct": c, "total": t, "accuracy": round(c / t, 3) if t else None}
            for k, (c, t) in self.field_accuracy.items()
        }
        if with_errors:
            out["errors"] = [{"doc": e.doc, "error": e.error, **e.fact} for e in self.errors]
        return out

    def to_text(self, *, with_errors: bool = False) -> str:
        lines = [f"{'kind':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]

        def row(name: str, s: PRF) -> str:
            return (
                f"{name:<20}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}"
            )

        for kind in sorted(self.per_kind):
            lines.append(row(kind, self.per_kind[kind]))
        lines.append("-" * 59)
        lines.append(row("numeric (micro)", self.numeric))
        lines.append(row("named (micro)", self.named))
        lines.append(row("all (micro)", self.overall))
        lines.append(f"{self.documents} documents, matching rule: {self.rule}")
        acc = [f"{k} {c}/{t}" for k, (c, t) in self.field_accuracy.items() if t]
        if acc:
            lines.append("informative fields on matched pairs: " + ", ".join(acc))
        if with_errors:
            for e in self.errors:
                f = e.fact
                val = f" value={f['value']}" if "value" in f else ""
                unit = f" {f.get('currency') or f.get('unit') or ''}".rstrip()
                label = "FP" if e.error == "false_positive" else "FN"
                lines.append(
                    f"  {label} {e.doc} {f.get('kind')}{val}{unit}: {f.get('quote', '')[:90]!r}"
                )
        return "\n".join(lines)


def _overlap(p: FactDict, g: FactDict) -> int:
    try:
        ps, pe = int(p["char_start"]), int(p["char_end"])
    except (KeyError, TypeError, ValueError):
        return 0
    return min(pe, int(g["char_end"])) - max(ps, int(g["char_start"]))


def _values_agree(p: FactDict, g: FactDict) -> bool:
    try:
        pv = float(p.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    gv = float(g["value"])
    return abs(pv - gv) <= 0.005 * abs(gv) + 1e-9


def _kind_overlap(p: FactDict, g: FactDict) -> int:
    """How much the two facts' quotes overlap; 0 for facts of two kinds, or apart."""
    if p.get("kind") != g.get("kind"):
        return 0
    return max(_overlap(p, g), 0)


def match_readme(p: FactDict, g: FactDict) -> int:
    ov = _kind_overlap(p, g)
    if not ov:
        return 0
    if g.get("value") is not None:
        if not _values_agree(p, g):
            return 0
        if (p.get("currency") or None) != (g.get("currency") or None):
            return 0
        if (p.get("unit") or None) != (g.get("unit") or None):
            return 0
    return ov


def match_acceptance(p: FactDict, g: FactDict) -> int:
    ov = _kind_overlap(p, g)
    if not ov:
        return 0
    if g.get("value") is not None and g["kind"] in NUMERIC_KINDS:
        if not _values_agree(p, g):
            return 0
        if g.get("currency") and str(p.get("currency") or "").upper() != g["currency"]:
            return 0
    return ov


def score(
    pairs: Sequence[tuple[str, Sequence[FactDict], Sequence[FactDict]]], rule: Rule = "readme"
) -> Report:
    """Score (doc id, predicted facts, gold facts) triples."""
    matcher: Callable[[FactDict, FactDict], int] = (
        match_readme if rule == "readme" else match_acceptance
    )
    tp: dict[str, int] = dict.fromkeys(KINDS, 0)
    fp: dict[str, int] = dict.fromkeys(KINDS, 0)
    fn: dict[str, int] = dict.fromkeys(KINDS, 0)
    acc: dict[str, list[int]] = {k: [0, 0] for k in INFORMATIVE}
    errors: list[Error] = []
    for doc, preds, golds in pairs:
        cands = sorted(
            ((matcher(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        for ov, i, j in cands:
            if ov <= 0:
                break
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            tp[golds[j]["kind"]] += 1
            for name in INFORMATIVE:
                # A qualifier's absence is meaningful; the context fields are scored where the
                # gold gives them.
                if name in golds[j] or (name == "qualifier" and name in preds[i]):
                    acc[name][1] += 1
                    acc[name][0] += int(golds[j].get(name) == preds[i].get(name))
        for i, p in enumerate(preds):
            if i not in used_p and p.get("kind") in KINDS:
                fp[p["kind"]] += 1
                errors.append(Error(doc, "false_positive", dict(p)))
        for j, g in enumerate(golds):
            if j not in used_g:
                fn[g["kind"]] += 1
                errors.append(Error(doc, "false_negative", dict(g)))

    def total(kinds: frozenset[str]) -> PRF:
        return PRF(sum(tp[k] for k in kinds), sum(fp[k] for k in kinds), sum(fn[k] for k in kinds))

    return Report(
        per_kind={k: PRF(tp[k], fp[k], fn[k]) for k in sorted(KINDS)},
        numeric=total(NUMERIC_KINDS),
        named=total(NAMED_KINDS),
        overall=total(KINDS),
        documents=len(pairs),
        rule=rule,
        field_accuracy={k: (c, t) for k, (c, t) in acc.items()},
        errors=errors,
    )


def read_body(path: Path) -> str:
    """The body of a dev-set text: everything after the two label lines."""
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[2:])


def load_gold_dir(path: str | Path) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(doc id, body, gold facts) for every ``gold/<id>.json`` of a dev-set-like folder."""
    root = Path(path)
    gold_dir = root / "gold" if (root / "gold").is_dir() else root
    out: list[tuple[str, str, list[dict[str, Any]]]] = []
    for gp in sorted(gold_dir.glob("*.json")):
        g = json.loads(gp.read_text(encoding="utf-8"))
        text_file = g.get("text_file") or f"texts/{gp.stem}.txt"
        tp = (gold_dir.parent / text_file) if not (root / text_file).exists() else root / text_file
        out.append((gp.stem, read_body(tp), list(g.get("facts", []))))
    return out


def evaluate_dir(path: str | Path, *, rule: Rule = "readme") -> Report:
    """Run the extractor over every text of a gold folder and score it."""
    pairs = []
    for doc_id, body, golds in load_gold_dir(path):
        result = extract(body, html=False, source=doc_id)
        pairs.append((doc_id, [f.to_json_dict() for f in result.facts], golds))
    return score(pairs, rule=rule)


# -- the three sets of issue 21: tuning half, test half, development set -------------------------

#: The project's root (``src/keruen/ingest/extraction`` → four levels up).
PROJECT_ROOT = Path(__file__).resolve().parents[4]
#: The invented evaluation set, ``tuning/`` and ``test/`` halves (tests/ingest/eval/README.md).
EVAL_DIR = PROJECT_ROOT / "tests" / "ingest" / "eval"
#: The shared development set, beside the repository when present.
DEV_DIR = PROJECT_ROOT.parent / "shared" / "data" / "extraction-dev"
SET_NAMES = ("tuning", "test", "dev")


def eval_set_paths(
    eval_dir: str | Path | None = None, dev_dir: str | Path | None = None
) -> dict[str, Path]:
    """The folders of the sets that exist: ``tuning`` and ``test`` under ``eval_dir``, ``dev``."""
    root = Path(eval_dir) if eval_dir is not None else EVAL_DIR
    dev = Path(dev_dir) if dev_dir is not None else DEV_DIR
    paths = {"tuning": root / "tuning", "test": root / "test", "dev": dev}
    return {name: p for name, p in paths.items() if (p / "gold").is_dir()}


def evaluate_sets(
    eval_dir: str | Path | None = None, dev_dir: str | Path | None = None, *, rule: Rule = "readme"
) -> dict[str, Report]:
    """A report per set (tuning half, test half, development set), each scored on its own."""
    return {
        name: evaluate_dir(p, rule=rule) for name, p in eval_set_paths(eval_dir, dev_dir).items()
    }


def sets_to_text(reports: Mapping[str, Report], *, with_errors: bool = False) -> str:
    """Each set's table, then one summary line per set (numeric and named micro figures)."""
    parts = [f"== {name} ==\n{r.to_text(with_errors=with_errors)}" for name, r in reports.items()]
    head = f"{'set':<8}{'docs':>5}  {'numeric P/R/F1':<22}{'named P/R/F1':<22}"
    rows = [head]
    for name, r in reports.items():
        n, m = r.numeric, r.named
        rows.append(
            f"{name:<8}{r.documents:>5}  "
            f"{n.precision:.3f}/{n.recall:.3f}/{n.f1:.3f}      "
            f"{m.precision:.3f}/{m.recall:.3f}/{m.f1:.3f}"
        )
    return "\n\n".join([*parts, "\n".join(rows)])
