"""The pipeline: an ordered list of steps passing one Document, and an extractor that keeps no
state of its own between documents."""

from __future__ import annotations

from pathlib import Path

from keruen.ingest.extraction.pipeline import STEPS, classify, extractor_for, run, split
from keruen.ingest.extraction.types import Document

SAMPLES = Path(__file__).parent / "samples"


def test_the_steps_run_in_order_and_each_leaves_its_result_on_the_document() -> None:
    text = (SAMPLES / "en_forum_japan.txt").read_text(encoding="utf-8")
    upto_split = run(Document(text=text), STEPS[: STEPS.index(split) + 1])
    assert upto_split.language == "en" and upto_split.sentences and upto_split.facts == []
    whole = run(Document(text=text))
    assert whole.sentences == upto_split.sentences and whole.facts


def test_a_language_keruen_does_not_read_stops_the_run() -> None:
    doc = run(Document(text="12 345 — 678"))
    assert doc.language == "unknown" and doc.message
    assert doc.sentences == [] and doc.facts == []


def test_the_extractor_keeps_no_state_of_a_document() -> None:
    extractor = extractor_for("en")
    before = dict(vars(extractor))
    text = (SAMPLES / "en_forum_japan.txt").read_text(encoding="utf-8")
    first = classify(split(Document(text=text, language="en"))).facts
    assert vars(extractor) == before
    again = classify(split(Document(text=text, language="en"))).facts
    assert again == first
