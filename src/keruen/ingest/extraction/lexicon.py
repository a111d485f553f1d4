"""The per-language vocabulary the fact rules read: one ``Lexicon`` per supported language.

The rules in ``facts.py`` are language-neutral; everything that depends on words lives in
``rules_en.py``, ``rules_ru.py`` and ``rules_kk.py`` as instances of this dataclass (the event
cues of every language in one table, ``event_cues.py``). Patterns are general grammar of
investment news (cue words, counted nouns, verbs of signing), never names or figures of particular
texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Pattern = re.Pattern[str]


def rx(*alternatives: str, flags: int = re.IGNORECASE) -> Pattern:
    """Compile alternatives as whole words."""
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Lexicon:
    language: str
    # Counted nouns right after a number (with up to three modifiers in between) → unit.
    count_nouns: tuple[tuple[Pattern, str], ...]
    # Nouns of people that are jobs only when an employment verb is near.
    people_nouns: Pattern
    employment_cue: Pattern
    construction_cue: Pattern
    permanent_cue: Pattern
    # Words allowed between a number and its noun ("224 industrial projects").
    modifier: Pattern  # a word allowed between a number and its counted noun (fullmatch)
    # Signing: a past or passive form (never "to sign", "will sign").
    signing_cue: Pattern
    # One signed document is the predicate: "signed an agreement", "a memorandum was signed".
    agreement_predicate: Pattern
    # "X LLP and Y JSC agreed to ..." / "договорились о ...": an agreement when companies agree.
    agreed_verb: Pattern
    future_signing: Pattern
    restatement: Pattern
    plural_agreement_value: Pattern
    total_value: Pattern  # "total value", "общая стоимость": a sum of what was just counted
    # Targets: goals for investment or numbers of projects.
    target_cue: Pattern
    target_money_context: Pattern
    count_target_cue: Pattern  # a goal: "target", "task", "поручено" ...
    count_plan_cue: Pattern  # a plan: a target only with "at least" ("intends to launch 15")
    number_of_projects_reach: Pattern
    # Aggregate investment (FDI, inflows, the economy, portfolios).
    aggregate_cue: Pattern
    weak_investment_cue: Pattern
    # A single project's object: plant, complex, park, hub ...
    project_object: Pattern
    project_verb: Pattern
    # Money that is not investment: trade, budget, prices, salaries ...
    distractor: Pattern
    # "of which 31", "из них восемь": a count whose noun is the previous count's.
    # "the number of jobs – 350": the noun before the figure.
    jobs_before: Pattern
    # An item of a list of signed documents starts with a document noun.
    list_agreement: Pattern
    elliptic_marker: Pattern
    elliptic_after: Pattern  # "15 of them worth ...", "8 из них"
    # Events: (type, pattern); "next" makes a new instance of a type already seen. The type
    # "sidelines" ("on the sidelines of X") is a forum only when X names no other event.
    event_cues: tuple[tuple[str, Pattern], ...]
    event_next: Pattern
    # Talks or negotiations: after a visit, the visit's own (not an event of their own).
    talks: Pattern
    opening_cue: Pattern
    # Lower-case substrings, one of which any event cue / document noun contains: a sentence
    # without any of them skips the (slower) patterns.
    event_keywords: tuple[str, ...] = ()
    agreement_keywords: tuple[str, ...] = ()
