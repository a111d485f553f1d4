"""Hedges in front of a figure, mapped to the five qualifiers of the fact schema.

A qualifier belongs only to the number it stands right before ("up to 150,000 tonnes ... some 900
jobs": the jobs are "approximately"). Russian "до" is a hedge ("до 3 500 человек") unless a verb
of change governs it ("довести ... до 1 млрд", "увеличить до"), when it means "to". A range is
stated by its upper end, "up to" ("from $400 to $500 million", "от 2 до 3 млрд"). Kazakh puts most
hedges after the figure (numbers.py reads those); "шамамен" and "кемінде" stand before it.
"""

from __future__ import annotations

import re

_RANGE_START = (
    r"(?:US\s?\$|\$|€|£|USD\s|EUR\s)?\d[\d.,]*(?:\s?(?:m|mn|bn|million|billion|thousand))?"
)
_EN = (
    # Negated comparatives first: "no more than" is a ceiling, not "more than".
    ("up to", r"no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of|not\s+exceeding"),
    (
        "more than",
        r"more\s+than|over|in\s+excess\s+of|exceeding|exceeds?|exceeded|above|upwards\s+of",
    ),
    ("approximately", r"about|around|some|approximately|approx\.|roughly|circa|c\.|~"),
    ("nearly", r"nearly|almost|close\s+to|just\s+under|just\s+short\s+of"),
    ("up to", r"up\s+to"),
    # A range is stated by its upper end: "from $400 to $500 million", "between 700 and 900".
    ("up to", r"(?:from|between)\s+" + _RANGE_START + r"\s+(?:to|and)"),
    (
        "at least",
        r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|"
        r"not\s+fewer\s+than|a\s+minimum\s+of|minimum\s+of",
    ),
)
_RU = (
    ("up to", r"не\s+более(?:\s+чем)?|не\s+больше(?:\s+чем)?|максимум|не\s+свыше"),
    (
        "more than",
        r"свыше|более(?:\s+чем)?|больше(?:\s+чем)?|превышает|превысил[аои]?|превысит|"
        r"превысят|сверх",
    ),
    ("approximately", r"около|порядка|примерно|приблизительно|ориентировочно"),
    ("nearly", r"почти|практически|без\s+малого|чуть\s+менее|чуть\s+меньше"),
    ("at least", r"не\s+менее(?:\s+чем)?|не\s+меньше(?:\s+чем)?|как\s+минимум|минимум"),
    ("up to", r"до"),
)

# Kazakh hedges before the figure (those after it are read in numbers.py).
_KK = (
    ("approximately", r"шамамен|шамасы|шамалап|орта\s+есеппен"),
    ("at least", r"кемінде|ең\s+кемі|кем\s+дегенде"),
)

_CURRENCY_PREFIX = r"(?:US\s?\$|\$|€|£|¥|₸|(?:USD|EUR|KZT|CNY|RMB|GBP)\s?)?"


def _compile(table: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, re.compile(r"(?<![\w-])(?:" + pat + r")\s*" + _CURRENCY_PREFIX + r"\s*$", re.I))
        for name, pat in table
    ]


_EN_RE = _compile(_EN)
_RU_RE = _compile(_RU)
_KK_RE = _compile(_KK)
# Verbs of change before "до": then "до" means "to", not "up to".
_RU_TO_VERB = re.compile(
    r"(?:довест|довед|доведен|увелич|вырас|возрос|возраст|повыс|сократ|сниз|снизит|достич|достиг|"
    r"нарастит|расширит)\w*(?:\s+\S+){0,5}\s+до\s*$",
    re.I,
)
_WINDOW = 40
# The last word of every hedge above: a set look-up dismisses most numbers before any regex runs.
_LAST_WORDS = frozenset(
    [
        "максимум",
        "than",
        "over",
        "of",
        "exceeding",
        "exceed",
        "exceeds",
        "exceeded",
        "above",
        "about",
        "around",
        "some",
        "approximately",
        "approx.",
        "roughly",
        "circa",
        "c.",
        "~",
        "nearly",
        "almost",
        "to",
        "under",
        "least",
        "minimum",
        "свыше",
        "более",
        "больше",
        "чем",
        "превышает",
        "превысил",
        "превысила",
        "превысило",
        "превысили",
        "превысит",
        "превысят",
        "сверх",
        "около",
        "порядка",
        "примерно",
        "приблизительно",
        "ориентировочно",
        "почти",
        "практически",
        "малого",
        "менее",
        "меньше",
        "минимум",
        "до",
        "and",
        "шамамен",
        "шамасы",
        "шамалап",
        "есеппен",
        "кемінде",
        "кемі",
        "дегенде",
    ]
)


def qualifier_before(text: str, pos: int, language: str = "en") -> tuple[str | None, int]:
    """The qualifier ending right before ``pos`` and where it starts, or ``(None, pos)``.

    ``pos`` is where the figure starts (its currency sign included, if written first). Both English
    and Russian hedges are tried for Russian text, since Russian releases quote English phrases.
    """
    lo = max(0, pos - _WINDOW)
    window = text[lo:pos]
    tail = window.rstrip()
    if not tail:
        return None, pos
    last = tail.rsplit(None, 1)[-1].lower().lstrip('([«"“—–-')
    if last not in _LAST_WORDS:
        return None, pos
    tables = {"ru": _RU_RE + _EN_RE, "kk": _KK_RE + _EN_RE}.get(language, _EN_RE + _RU_RE)
    for name, pat in tables:
        m = pat.search(window)
        if not m:
            continue
        if (
            name == "up to"
            and m.group(0).strip().lower().startswith("до")
            and _RU_TO_VERB.search(text[max(0, pos - 120) : pos])
        ):
            return None, pos
        return name, lo + m.start()
    return None, pos
