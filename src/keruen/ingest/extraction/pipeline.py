"""The extraction pipeline: text or HTML in, language and facts out.

Steps, each small and replaceable (Paperless-ngx style), passing a ``Document``:

1. ``reduce_html``  — an HTML page becomes its article text;
2. ``detect``       — en / ru / kk (Kazakh is reported, not read);
3. ``extract_facts`` — the language's ``Lexicon`` drives ``FactExtractor``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import ner as ner_module
from . import rules_en, rules_ru
from .facts import FactExtractor
from .html import html_to_text, looks_like_html
from .language import detect_language
from .lexicon import Lexicon
from .types import SUPPORTED_LANGUAGES, Document, ExtractionResult

_LEXICONS: dict[str, Lexicon] = {"en": rules_en.LEXICON, "ru": rules_ru.LEXICON}


@cache
def extractor_for(language: str) -> FactExtractor:
    return FactExtractor(_LEXICONS[language])


def reduce_html(doc: Document) -> Document:
    if looks_like_html(doc.text):
        doc.text = html_to_text(doc.text)
    return doc


def detect(doc: Document) -> Document:
    doc.language = detect_language(doc.text)
    return doc


Step = Callable[[Document], Document]
STEPS: tuple[Step, ...] = (reduce_html, detect)


def extract(
    text: str, *, html: bool | None = None, source: str | None = None, ner: bool = False
) -> ExtractionResult:
    """Facts of one text. Offsets count characters of the text as given (or of the article text,
    when an HTML page is reduced; ``html=False`` turns the reduction off, ``True`` forces it).

    ``ner=True`` lets natasha name the companies of Russian projects, agreements and events that
    carry no legal form (slower: natasha loads once, ~1 s, then tags those sentences only)."""
    doc = Document(text=text, source=source)
    for step in STEPS:
        if step is reduce_html and html is not None:
            if html:
                doc.text = html_to_text(doc.text)
            continue
        doc = step(doc)
    if doc.language not in SUPPORTED_LANGUAGES:
        message = (
            "Kazakh text is recognised but not yet supported"
            if doc.language == "kk"
            else "language not recognised"
        )
        return ExtractionResult(
            language=doc.language, facts=[], supported=False, message=message, text=doc.text
        )
    organisations = ner_module.find_organisations if ner and doc.language == "ru" else None
    facts = extractor_for(doc.language).extract(doc, organisations=organisations)
    return ExtractionResult(language=doc.language, facts=facts, text=doc.text)


def extract_file(path: str | Path, *, ner: bool = False) -> ExtractionResult:
    """Facts of one UTF-8 file; the whole file is the body. ``.html``/``.htm`` files (or files that
    start like HTML) are reduced to their article text first, and offsets point into that text."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    html = True if p.suffix.lower() in {".html", ".htm", ".xhtml"} else None
    return extract(text, html=html, source=str(p), ner=ner)
