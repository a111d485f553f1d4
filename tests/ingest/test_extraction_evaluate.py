"""The scorer implements the dev-set README's matching rule."""

from __future__ import annotations

import json
from pathlib import Path

from keruen.ingest.extraction.evaluate import evaluate_dir, score

BODY = (
    "Astana, 2 May 2025 – Kazakh and Omani companies signed 9 agreements worth $640 million at a "
    "business forum in Astana.\nSome 1,200 jobs will be created."
)


def _gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts" / "d1.txt").write_text(
        "illustrative://d1\n2025-05-02\n" + BODY, encoding="utf-8"
    )

    def fact(kind: str, quote: str, **kw: object) -> dict[str, object]:
        start = BODY.index(quote)
        return {
            "kind": kind,
            "quote": quote,
            "char_start": start,
            "char_end": start + len(quote),
            **kw,
        }

    signed = "Kazakh and Omani companies signed 9 agreements worth $640 million at a business forum"
    facts = [
        fact("agreement_count", signed, value=9, unit="agreements"),
        fact("agreement_value", signed, value=640_000_000, currency="USD"),
        fact("event", signed),
        fact(
            "jobs",
            "Some 1,200 jobs will be created.",
            value=1200,
            unit="jobs",
            qualifier="approximately",
        ),
        # A gold fact the extractor cannot find: a false negative.
        fact("target", "Some 1,200 jobs will be created.", value=5, unit="projects"),
    ]
    (tmp_path / "gold" / "d1.json").write_text(
        json.dumps({"text_file": "texts/d1.txt", "facts": facts}), encoding="utf-8"
    )
    return tmp_path


def test_evaluate_dir(tmp_path: Path) -> None:
    report = evaluate_dir(_gold_dir(tmp_path))
    assert report.documents == 1
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (4, 0, 1)
    assert report.per_kind["target"].recall == 0.0
    assert report.numeric.tp == 3 and report.named.tp == 1
    assert report.field_accuracy["qualifier"] == (1, 1)
    out = report.to_json_dict()
    assert out["all"]["f1"] == round(2 * 1.0 * 0.8 / 1.8, 3)
    assert set(out) >= {"numeric", "named", "all", "jobs", "event"}
    text = report.to_text(with_errors=True)
    assert "numeric (micro)" in text and "  FN d1 target" in text


def _g(**kw: object) -> dict[str, object]:
    return {
        "kind": "investment_amount",
        "char_start": 0,
        "char_end": 10,
        "value": 1000,
        "currency": "USD",
        **kw,
    }


def test_matching_rule() -> None:
    gold = [_g()]
    assert score([("d", [_g(value=1004)], gold)]).overall.tp == 1  # within 0.5 %
    assert score([("d", [_g(value=1006)], gold)]).overall.tp == 0
    assert score([("d", [_g(currency="EUR")], gold)]).overall.tp == 0
    assert score([("d", [_g(char_start=10, char_end=20)], gold)]).overall.tp == 0  # no overlap
    assert score([("d", [_g(kind="target")], gold)]).overall.tp == 0
    # Units must agree under the README rule, not under the acceptance scorer's.
    jobs = {"kind": "jobs", "char_start": 0, "char_end": 5, "value": 10, "unit": "jobs"}
    pred = {**jobs, "unit": "construction jobs"}
    assert score([("d", [pred], [jobs])]).overall.tp == 0
    assert score([("d", [pred], [jobs])], rule="acceptance").overall.tp == 1


def test_one_to_one_largest_overlap_first() -> None:
    gold = [_g(char_start=0, char_end=10), _g(char_start=8, char_end=30)]
    preds = [_g(char_start=9, char_end=30)]
    report = score([("d", preds, gold)])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 1)
    assert report.errors[0].fact["char_end"] == 10  # the smaller overlap was left unmatched


def test_own_hand_annotated_set_keeps_its_figures() -> None:
    """Texts written for these tests (not the dev set), annotated by the README's conventions."""
    report = evaluate_dir(Path(__file__).parent / "samples" / "own_set")
    assert report.documents >= 8
    assert report.numeric.f1 >= 0.9, report.to_text(with_errors=True)
    assert report.named.f1 >= 0.8, report.to_text(with_errors=True)
