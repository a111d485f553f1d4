"""Sentence and clause segmentation that keeps character offsets.

A regular-expression splitter is enough for press releases and is an order of magnitude faster than
a tokenizer pipeline. Sentences end at ``.!?…`` followed by white space and a capital letter, digit
or opening quote, and always at a line break. Known abbreviations ("Mr.", "долл.", initials such as
"K.") do not end a sentence; legal forms such as "Co., Ltd." do when a capital follows, because
"... Co., Ltd. It will ..." is common and an abbreviation rarely precedes a capitalised word.

Clauses split a sentence where press releases join two statements: ``;``, ``:``, and a comma
followed by a conjunction ("and", "while", "of which", "а", "из них", "в том числе", ...). Facts
quote the clause that holds their figure.
"""

from __future__ import annotations

import re

from .types import Clause, Sentence

_ABBREV = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "gen",
        "sen",
        "rep",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "fig",
        "art",
        "para",
        "ed",
        "г",
        "гг",
        "т",
        "тт",
        "им",
        "ул",
        "д",
        "тыс",
        "руб",
        "долл",
        "см",
        "стр",
        "ст",
        "п",
        "пп",
        "млн",
        "млрд",
        "трлн",
        "обл",
        "р-н",
        "кв",
        "м",
        "тг",
        "чел",
        "ред",
        "проф",
        "акад",
    }
)

_END = re.compile(r"[.!?…]+[\"'»”)]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9]")
_WORD_BEFORE = re.compile(r"([\w\-]+)$")

_CLAUSE_BREAK = re.compile(
    r"(?:;\s+|:\s+"
    r"|,\s+(?=(?:and|while|whereas|but|of which|of them|including|with|"
    r"а|но|из них|из которых|в том числе|ещё|еще|при этом|которая|который|которое|которые|"
    r"что)\b))",
    re.IGNORECASE,
)


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot_pos - 20), dot_pos)
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _ABBREV:
        return True
    # An initial: one capital letter preceded by a space ("K. Tokayev").
    return len(word) == 1 and word.isupper() and (m.start() == 0 or text[m.start() - 1] in " \n(")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets; leading/trailing white space is excluded."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    n = len(text)
    # Paragraphs: blocks separated by blank lines; every line break ends a sentence.
    for line_match in re.finditer(r"[^\n]+", text):
        line_start, line_end = line_match.span()
        gap = text[pos:line_start]
        if out and gap.count("\n") >= 2:
            paragraph += 1
        pos = line_end
        seg_start = line_start
        for m in _END.finditer(text, line_start, line_end):
            end = m.end()
            nxt = _NEXT_START.match(text, end)
            if not nxt or nxt.start() >= line_end:
                continue
            first_dot = m.start()
            if text[first_dot] == "." and _is_abbreviation(text, first_dot):
                continue
            _append(out, text, seg_start, end, paragraph)
            seg_start = end
        _append(out, text, seg_start, line_end, paragraph)
    del n
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start=start, end=end, paragraph=paragraph, index=len(out)))


def split_clauses(text: str, sentence: Sentence) -> list[Clause]:
    """Clauses of one sentence (at least one: the sentence itself)."""
    clauses: list[Clause] = []
    start = sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        end = m.start()
        if end > start:
            clauses.append(Clause(start=start, end=end, sentence=sentence.index))
        start = m.end()
    if sentence.end > start:
        clauses.append(Clause(start=start, end=sentence.end, sentence=sentence.index))
    return clauses or [Clause(start=sentence.start, end=sentence.end, sentence=sentence.index)]
