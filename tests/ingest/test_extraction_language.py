"""Language detection and HTML reduction."""

from __future__ import annotations

from pathlib import Path

from keruen.ingest.extraction import extract, extract_file
from keruen.ingest.extraction.html import html_to_text, looks_like_html
from keruen.ingest.extraction.language import detect_language

SAMPLES = Path(__file__).parent / "samples"


def test_english_and_russian() -> None:
    assert detect_language("The plant will employ 650 people.") == "en"
    assert detect_language("Завод обеспечит работой 650 человек.") == "ru"


def test_russian_text_quoting_a_kazakh_name_stays_russian() -> None:
    text = "В области Жетісу открыт тепличный комплекс стоимостью 5 млн долларов. " * 3
    assert detect_language(text) == "ru"


def test_a_kazakh_release_yields_its_amounts_counts_and_jobs_with_spans() -> None:
    result = extract_file(SAMPLES / "kk_release.txt")
    assert result.language == "kk" and result.supported
    text = (SAMPLES / "kk_release.txt").read_text(encoding="utf-8")
    got = {(f.kind, f.value, f.currency or f.unit, f.qualifier) for f in result.facts}
    assert {
        ("agreement_count", 12, "agreements", None),
        ("agreement_value", 2_100_000_000, "USD", None),
        ("jobs", 3000, "jobs", "more than"),
    } <= got
    for f in result.facts:
        assert text[f.char_start : f.char_end] == f.quote


def test_no_letters_is_unknown() -> None:
    assert extract("12 345 — 678").language == "unknown"


def test_html_is_reduced_to_the_article() -> None:
    markup = (SAMPLES / "en_article.html").read_text(encoding="utf-8")
    assert looks_like_html(markup)
    text = html_to_text(markup)
    assert "tracking" not in text and "font-family" not in text
    assert "Home" not in text and "Related" not in text and "©" not in text
    assert "Astana, 3 June 2025 – Kazakhstan and Japan" in text
    assert "USD 2.1\u00a0billion" not in text and "USD 2.1 billion" in text
    # Paragraphs stay apart: a sentence never runs across them.
    assert "billion.\n\nThe new plant" in text
    assert "650 people.\nConstruction" in text


def test_html_file_facts_point_into_the_reduced_text() -> None:
    result = extract_file(SAMPLES / "en_article.html")
    assert result.language == "en"
    kinds = {f.kind for f in result.facts}
    assert {"agreement_count", "agreement_value", "jobs"} <= kinds
    for f in result.facts:
        assert result.text[f.char_start : f.char_end] == f.quote


def test_plain_text_is_not_mistaken_for_html() -> None:
    assert not looks_like_html("Prices rose by <5% in 2024, officials said.")
