"""The words that say what kind of event a text speaks of, in every language, as one table
(event_cues.toml): kind → language → alternatives (whole words). Kinds are tried in the table's
order; a language without a kind's entry has no cue for it. `event_cues` compiles one language's
cues for its ``Lexicon``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .lexicon import Pattern, rx

#: kind → language → alternatives, in the table's order (event_cues.toml).
EVENT_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    kind: {language: tuple(words) for language, words in languages.items()}
    for kind, languages in tomllib.loads(
        Path(__file__).with_suffix(".toml").read_text("utf-8")
    ).items()
}


def event_cues(language: str, **more: tuple[str, ...]) -> tuple[tuple[str, Pattern], ...]:
    """`language`'s (kind, pattern) cues, in the table's order; `more` adds alternatives a kind
    has in this language beyond the table's (built from the language's own word lists)."""
    return tuple(
        (kind, rx(*words[language], *more.get(kind, ())))
        for kind, words in EVENT_CUES.items()
        if language in words
    )
