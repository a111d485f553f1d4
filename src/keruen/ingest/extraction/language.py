"""Language detection by script and by the letters only Kazakh uses.

Kazakh Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і). A Russian release may still
quote a Kazakh name ("Жетісу"), so Kazakh is declared only when those letters are a noticeable share
of the Cyrillic letters, or when frequent Kazakh function words appear.
"""

from __future__ import annotations

import re

from .types import Language

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_KK_WORDS = re.compile(
    r"(?<![\w-])(және|мен|бойынша|жылы|жылғы|үшін|сондай-ақ|туралы)(?![\w-])", re.I
)
_RU_WORDS = re.compile(r"(?<![\w-])(и|в|на|с|по|что|для|года|из|не)(?![\w-])", re.I)

# Share of Kazakh-only letters among Cyrillic letters above which a text is Kazakh. Running Kazakh
# prose has 6-10 %; a Russian text naming a few Kazakh places stays well below 1 %.
KK_LETTER_SHARE = 0.02


def detect_language(text: str) -> Language:
    sample = text[:4000]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if cyr == 0 and lat == 0:
        return "unknown"
    if cyr >= lat:
        kk_letters = sum(1 for ch in sample if ch in KAZAKH_LETTERS)
        kk_words = len(_KK_WORDS.findall(sample))
        ru_words = len(_RU_WORDS.findall(sample))
        if kk_letters / cyr >= KK_LETTER_SHARE or kk_words > max(2, ru_words):
            return "kk"
        return "ru"
    return "en"
