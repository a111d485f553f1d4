"""Russian organisation names by natasha's NER (optional: ``extract(..., ner=True)``).

The legal-form patterns of ``entities.py`` find "ТОО «…»" and "Co., Ltd."; natasha adds names
written without one ("компания Hyundai WIA"). It loads its embeddings from the installed package
(no download) in about a second, so it is loaded lazily, once per process, and only used for the
sentences that carry a project, agreement or event. State bodies (ministries, akimats ...) are not
companies and are left out.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}
_STATE_BODY = re.compile(
    r"(?i)министерств|акимат|правительств|посольств|управлени|комитет|агентств|парламент|сенат|"
    r"мажилис|администраци|ведомств|консульств|департамент|палат[аы]\s+предпринимател|ministry|"
    r"akimat|government|embassy|committee|agency|department|council"
)


def _tagger() -> tuple[Any, Any] | None:
    """(segmenter, NER tagger), or None when natasha is not installed."""
    with _LOCK:
        if "tagger" not in _STATE:
            try:
                from natasha import NewsEmbedding, NewsNERTagger, Segmenter
            except ImportError:  # an optional extra: extraction works without it
                _STATE["tagger"] = None
            else:
                _STATE["tagger"] = (Segmenter(), NewsNERTagger(NewsEmbedding()))
        tagger: tuple[Any, Any] | None = _STATE["tagger"]
        return tagger


def available() -> bool:
    return _tagger() is not None


def find_organisations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, name) of organisations natasha finds in ``text[start:end]``, state bodies
    excluded. Closing guillemets natasha leaves out ("ТОО «Semey Agro Tech") are put back."""
    tagger = _tagger()
    if tagger is None:
        return []
    from natasha import Doc

    end = len(text) if end is None else end
    segmenter, ner = tagger
    doc = Doc(text[start:end])
    doc.segment(segmenter)
    doc.tag_ner(ner)
    out: list[tuple[int, str]] = []
    for span in doc.spans:
        if span.type != "ORG":
            continue
        s, e = start + span.start, start + span.stop
        while text[s:e].count("«") > text[s:e].count("»") and e < end and text[e] == "»":
            e += 1
        name = text[s:e]
        if not _STATE_BODY.search(name):
            out.append((s, name))
    return out
