"""The dataclasses the extraction steps pass to each other.

Field names follow the fact schema of the development set (``kind``, ``quote``, ``char_start``,
``char_end``, ``value``, ``currency``, ``unit``, ``qualifier``, ``region``, ``region_code``,
``counterparty_country``, ``company``, ``date``) so that a fact serialises to that schema as is;
``jobs`` on a project or agreement is the permanent jobs told with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Language = Literal["en", "ru", "kk", "unknown"]

NUMERIC_KINDS: frozenset[str] = frozenset(
    {"project_count", "investment_amount", "agreement_count", "agreement_value", "jobs", "target"}
)
NAMED_KINDS: frozenset[str] = frozenset({"project", "agreement", "event"})
KINDS: frozenset[str] = NUMERIC_KINDS | NAMED_KINDS

SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"en", "ru", "kk"})


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the document text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(slots=True)
class Document:
    """The text being read, and everything the pipeline's steps find in it (``pipeline.STEPS``).
    Offsets of everything downstream point into ``text``."""

    text: str
    language: Language = "unknown"
    source: str | None = None
    #: Reduce HTML to its article text: None if the text looks like HTML, True always, False never.
    html: bool | None = None
    #: Let NER name the companies of Russian texts that carry no legal form.
    ner: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    #: Why reading stopped (a language Keruen does not read); None while it goes on.
    message: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int

    def text_of(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    sentence: int


@dataclass(slots=True)
class Fact:
    kind: str
    quote: str
    char_start: int
    char_end: int
    value: int | None = None
    currency: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    region: str | None = None
    region_code: str | None = None
    counterparty_country: str | None = None
    company: str | None = None
    date: str | None = None
    #: A project's or agreement's permanent jobs, from the jobs fact told with it.
    jobs: int | None = None
    # Internal: which rule produced the fact (kept out of the README schema unless asked).
    rule: str = field(default="", compare=False)

    def to_json_dict(self, *, with_rule: bool = False) -> dict[str, Any]:
        """The README schema: fields that do not apply are absent, never null."""
        out: dict[str, Any] = {}
        for name in FACT_FIELDS:
            val = getattr(self, name)
            if val is not None and val != "":
                out[name] = val
        if with_rule and self.rule:
            out["rule"] = self.rule
        return out


#: Order of the fields in a fact's JSON form (the README's order): `Fact`'s, less the internal
#: `rule`.
FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Fact) if f.name != "rule")


@dataclass(slots=True)
class ExtractionResult:
    language: Language
    facts: list[Fact] = field(default_factory=list)
    supported: bool = True
    message: str | None = None
    text: str = field(default="", repr=False)

    def to_json_dict(self, *, file: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if file is not None:
            out["file"] = file
        out["language"] = self.language
        out["facts"] = [f.to_json_dict() for f in self.facts]
        if not self.supported:
            out["supported"] = False
        if self.message:
            out["message"] = self.message
        return out
