"""Numbers and money as people write them, resolved to full units.

Handles digit groups ("1,148", "1 200", "3 500"), decimals with a point or (in Russian) a comma
("66.4", "412,6"), scale words and their abbreviations ("billion", "bn", "bln", "$800m", "млрд",
"трлн", "тыс."), currency signs, codes and names before or after the figure ("$", "US$",
"USD 1.2 bln", "EUR 450 million", "134 млрд тенге", "2,5 млрд долларов США", "CNY 2 billion"),
number words ("seven", "four", "восемь", "полтора") and a conversion in parentheses
("1.5 trillion tenge ($3 billion)"), which is flagged so that only the first-stated amount counts.

Kazakh (``language="kk"``): case endings on scale and currency words ("50 мыңға", "66,4 млрд
АҚШ долларын", "1,3 трлн теңгенің") and on bare figures after a hyphen ("500-ден"), the hedges
Kazakh puts after the figure ("6 млрд доллардан астам" → more than, "50 мыңға жуық" → nearly,
"долларға дейін" → up to), and Kazakh number words of one word ("жеті"; "он екі" is not read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .qualifiers import qualifier_before

_SP = r"[ \u00a0\u202f\u2009]"

# A figure in digits. Groups of three separated by spaces, commas or points; decimals.
_DIGITS = (
    r"(?<![\d.,])(?:\d{1,3}(?:" + _SP + r"\d{3})+(?:[.,]\d+)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
    r"|\d+(?:[.,]\d+)?)(?![\d])"
)

EN_NUMBER_WORDS: dict[str, int] = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "one": 1,
}
# Russian cardinal words with their oblique forms (the counted noun governs the case).
RU_NUMBER_WORDS: dict[str, int] = {}
for _forms, _val in (
    ("один одна одно одного одной одному одним", 1),
    ("два две двух двум двумя", 2),
    ("три трёх трех трём трем тремя", 3),
    ("четыре четырёх четырех четырём четырем четырьмя", 4),
    ("пять пяти пятью", 5),
    ("шесть шести шестью", 6),
    ("семь семи семью", 7),
    ("восемь восьми восемью", 8),
    ("девять девяти девятью", 9),
    ("десять десяти десятью", 10),
    ("одиннадцать одиннадцати", 11),
    ("двенадцать двенадцати", 12),
    ("тринадцать тринадцати", 13),
    ("четырнадцать четырнадцати", 14),
    ("пятнадцать пятнадцати", 15),
    ("шестнадцать шестнадцати", 16),
    ("семнадцать семнадцати", 17),
    ("восемнадцать восемнадцати", 18),
    ("девятнадцать девятнадцати", 19),
    ("двадцать двадцати", 20),
    ("тридцать тридцати", 30),
    ("сорок сорока", 40),
    ("пятьдесят пятидесяти", 50),
    ("шестьдесят шестидесяти", 60),
    ("семьдесят семидесяти", 70),
    ("восемьдесят восьмидесяти", 80),
    ("девяносто девяноста", 90),
    ("сто ста", 100),
    ("полтора полторы", 1.5),
):
    for _w in _forms.split():
        RU_NUMBER_WORDS[_w] = _val  # type: ignore[assignment]

# Kazakh cardinals ("бір" is also the indefinite article: not a count).
KK_NUMBER_WORDS: dict[str, int] = {
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
    "жеті": 7,
    "сегіз": 8,
    "тоғыз": 9,
    "он": 10,
    "жиырма": 20,
    "отыз": 30,
    "қырық": 40,
    "елу": 50,
    "алпыс": 60,
    "жетпіс": 70,
    "сексен": 80,
    "тоқсан": 90,
    "жүз": 100,
}

_EN_WORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|"
    r"seven|eight|nine)|" + "|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True)) + r")"
)
_RU_WORD_RE = "(?:" + "|".join(sorted(RU_NUMBER_WORDS, key=len, reverse=True)) + ")"
_KK_WORD_RE = "(?:" + "|".join(sorted(KK_NUMBER_WORDS, key=len, reverse=True)) + ")"

_SCALE_EN = (
    r"(?:trillions?|tn|trn|trln|billions?|bln|bn|millions?|mln|mn|thousands?|"
    r"(?<=\d)(?:m|b|k|bil|mil)(?![\w]))"
)
_SCALE_RU = (
    r"(?:трлн\.?|триллион(?:а|ов)?|млрд\.?|миллиард(?:а|ов)?|млн\.?|миллион(?:а|ов)?|"
    r"тыс\.|тысяч[аи]?|тыс(?![\w]))"
)
# Kazakh scale words take case endings ("мыңға", "мыңнан", "миллиардқа").
_SCALE_KK = r"(?:мың\w*|миллиард\w*|миллион\w*|триллион\w*)"
_SCALE_VALUE = (
    (re.compile(r"^(?:tr|трлн|триллион)", re.I), 10**12),
    (re.compile(r"^(?:b|млрд|миллиард)", re.I), 10**9),
    (re.compile(r"^(?:m|млн|миллион)", re.I), 10**6),
    (re.compile(r"^(?:th|k|тыс|мың)", re.I), 10**3),
)

# Currency before the figure.
_CUR_PRE = (
    r"(?:US\s?\$|U\.S\.\s?\$|A\$|C\$|\$|€|£|¥|₸|₽|₩|₺|"
    r"(?:USD|EUR|KZT|CNY|RMB|GBP|RUB|JPY|KRW|AED|TRY|CHF|SAR|QAR|INR|UZS)(?![A-Za-z]))"
)
# Currency after the figure (and its scale word).
_CUR_POST = (
    r"(?:(?:US|U\.S\.|American)\s+dollars?|dollars?|USD|euros?|EUR|tenge|KZT|yuan|renminbi|CNY|RMB|"
    r"pounds?\s+sterling|GBP|roubles?|rubles?|RUB|yen|JPY|won|KRW|dirhams?|AED|"
    r"(?:Turkish\s+)?lira|TRY|Swiss\s+francs?|CHF|riyals?|"
    r"долл(?:ар(?:ов|а|ы)?)?\.?(?:\s+США)?|евро|тенге|тг\.?|юан(?:ей|я|и|ь)|"
    r"рубл(?:ей|я|ь)|вон|дирхам(?:ов|а)?|лир(?:ы|а)?|франк(?:ов|а)?|"
    # Kazakh, with case endings: "АҚШ долларын", "доллардан", "теңгенің", "еуроға".
    r"(?:АҚШ\s+)?доллар\w*|теңге\w*|еуро\w*|юань\w*)(?![\w])"
)
_CURRENCY_CODES = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "₸": "KZT",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
    "rmb": "CNY",
    "a$": "AUD",
    "c$": "CAD",
}
#: Currency words (and their stems) → ISO 4217 code, tried in this order.
_CURRENCY_WORDS = tuple(
    (re.compile(words, re.I), code)
    for code, words in {
        "USD": r"dollar|долл",
        "EUR": r"euro|евро|еуро",
        "KZT": r"tenge|тенге|теңге|^тг",
        "CNY": r"yuan|renminbi|юан",
        "GBP": r"pound|sterling",
        "RUB": r"rouble|ruble|рубл",
        "JPY": r"^yen",
        "KRW": r"^won|^вон",
        "AED": r"dirham|дирхам",
        "TRY": r"lira|лир",
        "CHF": r"franc|франк",
        "SAR": r"riyal",
    }.items()
)

_NUM = r"(?P<num>" + _DIGITS + r"|" + _EN_WORD_RE + r"|" + _RU_WORD_RE + r"|" + _KK_WORD_RE + r")"
_MONEY = re.compile(
    r"(?P<pre>"
    + _CUR_PRE
    + r")?"
    + _SP
    + r"?"
    + _NUM
    + r"(?:"
    + _SP
    + r"?(?P<scale>"
    + _SCALE_EN
    + r"|"
    + _SCALE_RU
    + r"|"
    + _SCALE_KK
    + r")(?![\w]))?"
    + r"(?:"
    + _SP
    + r"?(?P<post>"
    + _CUR_POST
    + r"))?",
    re.IGNORECASE,
)
_WORD_BOUNDARY_BEFORE = re.compile(r"[\w]$")
# After a Kazakh figure: a case ending glued by a hyphen ("500-ден"), then a hedge that follows
# the figure ("астам" more than, "жуық" nearly, "дейін" up to).
_KK_AFTER = re.compile(
    r"(?:-[^\W\d_]{1,5})?(?:[ \u00a0]+(?P<hedge>астам|асатын|асады|асып|артық|жуық|дейін)(?![\w]))?"
)
_KK_HEDGES = {
    "астам": "more than",
    "асатын": "more than",
    "асады": "more than",
    "асып": "more than",
    "артық": "more than",
    "жуық": "nearly",
    "дейін": "up to",
}
_PAREN_AFTER = re.compile(
    r"\s*\(\s*(?:about|approx\.?|approximately|around|some|c\.|~|около|"
    r"порядка|примерно|почти|свыше|более|over|nearly|almost)?\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A figure in the text: ``[start, end)`` covers qualifier (if any) through currency/scale."""

    start: int
    end: int
    number_start: int
    number_end: int
    value: int
    currency: str | None
    qualifier: str | None
    has_scale: bool
    is_word: bool
    is_conversion: bool = False
    #: The lower end of a range ("between $2 billion and $3 billion"): the upper end is the fact.
    is_range_start: bool = False
    is_percent: bool = False


#: Languages whose "412,6" is a decimal, not a thousands group.
DECIMAL_COMMA = frozenset({"ru", "kk"})


def parse_digits(s: str, language: str = "en") -> Decimal | None:
    """``"1,148"`` → 1148, ``"66.4"`` → 66.4, ``"412,6"`` → 412.6, ``"1 200"`` → 1200."""
    s = re.sub(_SP, "", s)
    try:
        if "," in s and "." in s:
            if s.rfind(",") < s.rfind("."):
                return Decimal(s.replace(",", ""))
            return Decimal(s.replace(".", "").replace(",", "."))
        if "," in s:
            groups = s.split(",")
            grouped = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
            if grouped and (language not in DECIMAL_COMMA or len(groups) > 2):
                return Decimal(s.replace(",", ""))
            if len(groups) == 2:
                return Decimal(s.replace(",", "."))
            return None
        if "." in s:
            groups = s.split(".")
            if len(groups) > 2:
                if all(len(g) == 3 for g in groups[1:]):
                    return Decimal(s.replace(".", ""))
                return None
            return Decimal(s)
        return Decimal(s)
    except InvalidOperation:
        return None


def word_value(word: str) -> Decimal | None:
    w = word.lower()
    if w in EN_NUMBER_WORDS:
        return Decimal(EN_NUMBER_WORDS[w])
    if w in RU_NUMBER_WORDS:
        return Decimal(str(RU_NUMBER_WORDS[w]))
    if w in KK_NUMBER_WORDS:
        return Decimal(KK_NUMBER_WORDS[w])
    if "-" in w:
        tens, _, unit = w.partition("-")
        if tens in EN_NUMBER_WORDS and unit in EN_NUMBER_WORDS:
            return Decimal(EN_NUMBER_WORDS[tens] + EN_NUMBER_WORDS[unit])
    return None


def scale_value(scale: str) -> int:
    for pat, val in _SCALE_VALUE:
        if pat.match(scale):
            return val
    return 1


def currency_code(pre: str | None, post: str | None) -> str | None:
    for token in (pre, post):
        if not token:
            continue
        t = re.sub(r"\s+", "", token).lower()
        if t in _CURRENCY_CODES:
            return _CURRENCY_CODES[t]
        if re.fullmatch(r"[a-z]{3}", t):
            return "CNY" if t == "rmb" else t.upper()
        for pat, code in _CURRENCY_WORDS:
            if pat.search(token):
                return code
    return None


def find_numbers(
    text: str, start: int = 0, end: int | None = None, language: str = "en"
) -> list[Number]:
    """Every figure in ``text[start:end]``, money or plain, with its qualifier."""
    end = len(text) if end is None else end
    out: list[Number] = []
    last_end = start
    for pos in _candidates(text, start, end, language):
        if pos < last_end:
            continue
        m = _MONEY.match(text, pos, end)
        if m is None:
            continue
        last_end = m.end()
        num = m.group("num")
        ns, ne = m.span("num")
        # Word numbers must be whole words; digits must not be glued to letters ("COVID19").
        if ns > 0 and _WORD_BOUNDARY_BEFORE.search(text[ns - 1]) and not m.group("pre"):
            continue
        is_word = not num[0].isdigit()
        if is_word:
            if ne < len(text) and (text[ne].isalnum() or text[ne] == "-"):
                continue
            val = word_value(num)
        else:
            val = parse_digits(num, language)
        if val is None:
            continue
        scale = m.group("scale")
        pre, post = m.group("pre"), m.group("post")
        # "12th", "5G", "COVID19": digits glued to letters are not quantities.
        if not is_word and not scale and not post and ne < len(text) and text[ne].isalpha():
            continue
        # A single-letter scale ("800m", "5k") only counts on money, never on "5 m" of length.
        if (
            scale
            and len(scale) <= 3
            and scale.lower() in {"m", "b", "k", "bil", "mil"}
            and not (pre or post)
        ):
            scale = None
        full = val * (scale_value(scale) if scale else 1)
        currency = currency_code(pre, post)
        if post:
            mend = m.end("post")
        elif scale:
            mend = m.end("scale")
        else:
            mend = ne
        mstart = m.start("pre") if pre else ns
        is_percent = bool(re.match(r"\s?(%|per\s?cent|процент)", text[ne : ne + 10], re.I))
        qualifier, qstart = qualifier_before(text, mstart, language)
        if language == "kk":
            after = _KK_AFTER.match(text, mend, end)
            if after and after.end() > mend:
                hedge = after.group("hedge")
                if hedge and not qualifier:
                    qualifier, qstart = _KK_HEDGES[hedge], mstart
                mend = after.end()
        ivalue = int(full) if full == full.to_integral_value() else round(full)
        out.append(
            Number(
                start=qstart if qualifier else mstart,
                end=mend,
                number_start=ns,
                number_end=ne,
                value=ivalue,
                currency=currency,
                qualifier=qualifier,
                has_scale=bool(scale),
                is_word=is_word,
                is_percent=is_percent,
            )
        )
    return _mark_range_starts(text, _mark_conversions(text, out))


# The look-ahead dismisses most positions with one character-class test.
_TRIGGER = re.compile(
    r"(?=[\d$€£¥₸₽₩₺A-Z])(?:(?<![\d.,])\d|US\s?\$|U\.S\.\s?\$|[A-Z]?\$|[€£¥₸₽₩₺]|"
    r"(?<![\w])(?:USD|EUR|KZT|CNY|RMB|GBP|RUB|JPY|KRW|AED|TRY|CHF|SAR|QAR|INR|UZS)(?![A-Za-z]))"
)
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def _candidates(text: str, start: int, end: int, language: str = "en") -> list[int]:
    """Where a figure may start: a digit, a currency sign or code, or a number word.

    Running the full money grammar only at these places keeps the scan fast. Number words are
    found by intersecting the text's vocabulary with the known words first, so that a text without
    any ("seven", "восемь") costs one ``findall``.
    """
    out = [m.start() for m in _TRIGGER.finditer(text, start, end)]
    known = _ALL_WORDS | _KK_WORDS if language == "kk" else _ALL_WORDS
    present = set(_WORDS.findall(text.lower(), start, end)) & known
    if present:
        out.extend(m.start() for m in _word_pattern(frozenset(present)).finditer(text, start, end))
        out.sort()
    return out


@lru_cache(maxsize=512)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)


_ALL_WORDS = (
    frozenset(EN_NUMBER_WORDS)
    | frozenset(RU_NUMBER_WORDS)
    | frozenset(
        f"{t}-{u}"
        for t in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
        for u in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    )
)
# Only a Kazakh text reads Kazakh number words ("он" is "he" in Russian).
_KK_WORDS = frozenset(KK_NUMBER_WORDS)


_RANGE_OPEN = re.compile(r"(?i)(?<![\w])(?:from|between|от|с)\s*$")
_RANGE_JOIN = re.compile(
    r"(?i)^\s*(?:to|and|до|по|[-–—])\s*(?:US\s?\$|\$|€|£|USD|EUR|KZT|CNY)?\s*$"
)


def _mark_range_starts(text: str, numbers: list[Number]) -> list[Number]:
    """Flag the first amount of "from $2 billion to $3 billion", "от 500 млн долларов до 1 млрд
    долларов": a range is stated by its upper end."""
    out = list(numbers)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.currency
            and b.currency
            and _RANGE_JOIN.match(text[a.end : b.number_start])
            and _RANGE_OPEN.search(text, max(0, a.start - 12), a.start)
        ):
            out[i] = replace(a, is_range_start=True)
    return out


def _mark_conversions(text: str, numbers: list[Number]) -> list[Number]:
    """Flag the amount in "X tenge ($Y)": a conversion of the amount stated just before."""
    result: list[Number] = []
    prev: Number | None = None
    for n in numbers:
        if (
            prev is not None
            and n.currency
            and prev.currency
            and _PAREN_AFTER.match(text[prev.end : n.start])
            and "(" in text[prev.end : n.number_start]
            and n.start - prev.end <= 25
        ):
            n = replace(n, is_conversion=True)
        result.append(n)
        prev = n
    return result
