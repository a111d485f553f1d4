"""The extraction pipeline: text or HTML in, language and facts out.

An ordered list of small steps (Paperless-ngx's consumer is the model), each taking and returning
the one ``Document`` being read — everything a step needs or finds is on it:

1. ``reduce_html``       — an HTML page becomes its article text;
2. ``detect``            — en / ru / kk;
3. ``require_supported`` — a text in none of them is reported, not read; the steps stop here;
4. ``split``             — the sentences (a dateline becomes its own);
5. ``classify``          — the language's ``Lexicon`` drives ``FactExtractor`` over the sentences;
6. ``merge_projects``    — a project introduced in one sentence and priced in a later one is one;
7. ``drop_restatements`` — a figure restated later is one fact, at its first mention;
8. ``enrich``            — region, partner country, company and date from the context, and a
   project's or agreement's jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import facts as facts_module
from . import ner as ner_module
from . import rules_en, rules_kk, rules_ru
from .facts import FactExtractor
from .html import html_to_text, looks_like_html
from .language import detect_language
from .lexicon import Lexicon
from .types import SUPPORTED_LANGUAGES, Document, ExtractionResult

_LEXICONS: dict[str, Lexicon] = {
    "en": rules_en.LEXICON,
    "ru": rules_ru.LEXICON,
    "kk": rules_kk.LEXICON,
}


@cache
def extractor_for(language: str) -> FactExtractor:
    return FactExtractor(_LEXICONS[language])


def reduce_html(doc: Document) -> Document:
    if doc.html or (doc.html is None and looks_like_html(doc.text)):
        doc.text = html_to_text(doc.text)
    return doc


def detect(doc: Document) -> Document:
    doc.language = detect_language(doc.text)
    return doc


def require_supported(doc: Document) -> Document:
    if doc.language not in SUPPORTED_LANGUAGES:
        doc.message = "language not recognised"
    return doc


def split(doc: Document) -> Document:
    doc.sentences = facts_module.sentences_of(doc.text)
    return doc


def classify(doc: Document) -> Document:
    doc.facts = extractor_for(doc.language).classify(doc.text, doc.sentences)
    return doc


def merge_projects(doc: Document) -> Document:
    doc.facts = facts_module.merge_project_mentions(doc.facts, doc.sentences)
    return doc


def drop_restatements(doc: Document) -> Document:
    doc.facts = facts_module.drop_restatements(doc.facts)
    return doc


def enrich(doc: Document) -> Document:
    organisations = ner_module.find_organisations if doc.ner and doc.language == "ru" else None
    facts_module.enrich(doc.text, doc.sentences, doc.facts, organisations)
    facts_module.attach_jobs(doc.facts, doc.sentences)
    return doc


Step = Callable[[Document], Document]
STEPS: tuple[Step, ...] = (
    reduce_html,
    detect,
    require_supported,
    split,
    classify,
    merge_projects,
    drop_restatements,
    enrich,
)


def run(doc: Document, steps: tuple[Step, ...] = STEPS) -> Document:
    """Pass ``doc`` through ``steps`` in order; a step that sets ``doc.message`` ends the run."""
    for step in steps:
        doc = step(doc)
        if doc.message:
            break
    return doc


def extract(
    text: str, *, html: bool | None = None, source: str | None = None, ner: bool = False
) -> ExtractionResult:
    """Facts of one text. Offsets count characters of the text as given (or of the article text,
    when an HTML page is reduced; ``html=False`` turns the reduction off, ``True`` forces it).

    ``ner=True`` lets natasha name the companies of Russian projects, agreements and events that
    carry no legal form (slower: natasha loads once, ~1 s, then tags those sentences only)."""
    doc = run(Document(text=text, source=source, html=html, ner=ner))
    return ExtractionResult(
        language=doc.language,
        facts=doc.facts,
        supported=doc.message is None,
        message=doc.message,
        text=doc.text,
    )


def extract_file(path: str | Path, *, ner: bool = False) -> ExtractionResult:
    """Facts of one UTF-8 file; the whole file is the body. ``.html``/``.htm`` files (or files that
    start like HTML) are reduced to their article text first, and offsets point into that text."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    html = True if p.suffix.lower() in {".html", ".htm", ".xhtml"} else None
    return extract(text, html=html, source=str(p), ner=ner)
