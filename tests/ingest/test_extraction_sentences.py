"""Sentence and clause segmentation keeps offsets."""

from __future__ import annotations

from keruen.ingest.extraction.sentences import split_clauses, split_sentences


def texts(text: str) -> list[str]:
    return [s.text_of(text) for s in split_sentences(text)]


def test_sentences_keep_offsets_and_paragraphs() -> None:
    text = "First one. Second one!\n\n\n\nThird one? Fourth."
    sents = split_sentences(text)
    assert [s.text_of(text) for s in sents] == [
        "First one.",
        "Second one!",
        "Third one?",
        "Fourth.",
    ]
    assert [s.paragraph for s in sents] == [0, 0, 1, 1]


def test_legal_forms_and_abbreviations() -> None:
    text = (
        "It was built by Hanra Co., Ltd. and opened today. It cost $5m. "
        "Mr. K. Tokayev spoke. Стоимость 5 млн долл. США. Дальше."
    )
    assert texts(text) == [
        "It was built by Hanra Co., Ltd. and opened today.",
        "It cost $5m.",
        "Mr. K. Tokayev spoke.",
        "Стоимость 5 млн долл. США.",
        "Дальше.",
    ]


def test_a_legal_form_can_end_a_sentence() -> None:
    assert texts("Built by Steppe Metals Co., Ltd. It will employ 900 people.") == [
        "Built by Steppe Metals Co., Ltd.",
        "It will employ 900 people.",
    ]


def test_clauses() -> None:
    text = "The portfolio has 96 projects worth $1bn, of which 31 are foreign; more will follow."
    (sent,) = split_sentences(text)
    assert [text[c.start : c.end] for c in split_clauses(text, sent)] == [
        "The portfolio has 96 projects worth $1bn",
        "of which 31 are foreign",
        "more will follow.",
    ]
