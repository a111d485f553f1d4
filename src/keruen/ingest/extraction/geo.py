"""Kazakh regions and cities (→ ISO 3166-2:KZ) and partner countries, in English and Russian
(also in Kazakh, case endings included).

Russian names are matched by stem so that every case form is found ("Туркестанская область",
"Туркестанской области", "в Туркестанской области"), and the text's own spelling is returned, as
the fact schema asks. The codes are pycountry's (checked in the tests): the 17 regions including
the three created in 2022 (Abai KZ-10, Jetisu KZ-33, Ulytau KZ-62) and the three cities of
republican significance (Astana KZ-71, Almaty KZ-75, Shymkent KZ-79).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives of a regular expression."""
    out, depth, cur, esc = [], 0, "", False
    for ch in pattern:
        if esc:
            cur, esc = cur + ch, False
            continue
        if ch == "\\":
            cur, esc = cur + ch, True
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _closing(pattern: str, open_at: int) -> int:
    depth, i = 0, open_at
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _hints(pattern: str) -> tuple[str, ...]:
    """Lower-case literal prefixes, one per alternative; empty when one has none (always try)."""
    hints: list[str] = []
    for alt in _alternatives(pattern):
        if alt.startswith("(?:"):
            close = _closing(alt, 0)
            if close < 0 or alt[close + 1 : close + 2] in {"?", "*"}:
                return ()
            inner = _hints(alt[3:close])
            if not inner:
                return ()
            hints.extend(inner)
            continue
        m = re.match(r"[^\\()\[\]?*+{}|.^$]{3,}", alt)
        if not m:
            return ()
        hints.append(m.group(0)[:4].lower())
    return tuple(hints)


_PREFIXES: tuple[str | None, frozenset[str]] = (None, frozenset())


def _word_prefixes(text: str) -> frozenset[str]:
    """The 3- and 4-letter prefixes of the text's words (lower case), cached for the last text:
    every dictionary entry starts at a word start, so its hint is one of them."""
    global _PREFIXES
    last, prefixes = _PREFIXES
    if last is not text:
        words = _WORD.findall(text.lower())
        prefixes = frozenset(w[:4] for w in words) | frozenset(w[:3] for w in words)
        _PREFIXES = (text, prefixes)
    return prefixes


class _HintedAlternation:
    """A dictionary of names (one pattern each), where only the names whose literal prefix occurs
    in the text are run: 20-30 entries cost one word scan and a few set look-ups per text.

    ``finditer`` yields ``(start, end, index)`` left to right without overlaps; at the same start
    the entry listed first wins, as in one big alternation.
    """

    def __init__(self, parts: list[str], flags: int = 0) -> None:
        self.patterns = [re.compile(r"(?<![\w-])(?:" + p + r")(?![\w])", flags) for p in parts]
        self.hints = [_hints(p) for p in parts]
        self._last: tuple[str | None, tuple[int, ...]] = (None, ())

    def finditer(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        # The candidates are worked out once per text (callers scan a document sentence by
        # sentence): a one-entry cache keyed by the text object itself.
        last_text, keys = self._last
        if last_text is not text:
            prefixes = _word_prefixes(text)
            keys = tuple(i for i, h in enumerate(self.hints) if not h or not prefixes.isdisjoint(h))
            self._last = (text, keys)  # one assignment: threads see a consistent pair
        found = sorted(
            (m.start(), i, m.end())
            for i in keys
            for m in self.patterns[i].finditer(text, start, end)
        )
        last_end = -1
        for s, i, e in found:
            if s >= last_end:
                last_end = e
                yield s, e, i


_OBL_RU = r"(?:\s+област(?:ь|и|ью|ям|ях|ей))?"
_OBL_RU_REQ = r"\s+област(?:ь|и|ью|ям|ях|ей)"
_REG_EN = r"(?:\s+(?:region|oblast|province)(?![\w]))?"

# (code, English pattern, Russian pattern). Longer, more specific names come first; a city inside
# a region gets the region's code (e.g. Taraz → Zhambyl), except the three cities with their own.
_REGIONS: tuple[tuple[str, str, str], ...] = (
    (
        "KZ-59",
        r"North(?:ern)?[\s-]+Kazakhstan" + _REG_EN + r"|Petropavl(?:ovsk)?",
        r"Северо-Казахстанск\w+" + _OBL_RU + r"|СКО|Петропавловск\w*",
    ),
    (
        "KZ-27",
        r"West(?:ern)?[\s-]+Kazakhstan" + _REG_EN + r"|WKO|Uralsk|Oral(?=\s|,)",
        r"Западно-Казахстанск\w+" + _OBL_RU + r"|ЗКО|Уральск\w*",
    ),
    (
        "KZ-63",
        r"East(?:ern)?[\s-]+Kazakhstan" + _REG_EN + r"|EKO|Ust-Kamenogorsk|Oskemen",
        r"Восточно-Казахстанск\w+" + _OBL_RU + r"|ВКО|Усть-Каменогорск\w*",
    ),
    (
        "KZ-19",
        r"Almaty\s+(?:region|oblast|province)|Konaev|Qonaev|Kapchagay|Karasai|Talgar",
        r"Алматинск\w+" + _OBL_RU + r"|Конаев\w*|Капшагай\w*|Карасай\w*|Талгар\w*",
    ),
    ("KZ-75", r"Almaty(?:\s+city)?", r"Алматы|Алма-Ат\w+"),
    ("KZ-71", r"Astana|Nur-Sultan", r"Астан[аеуыо]й?|Нур-Султан\w*"),
    ("KZ-79", r"Shymkent|Chimkent", r"Шымкент\w*|Чимкент\w*"),
    (
        "KZ-10",
        r"Aba[iy]" + _REG_EN + r"|Semey|Semipalatinsk|Ayagoz",
        r"Абайск\w+" + _OBL_RU + r"|област(?:ь|и)\s+Абай|Семе[йею]\w*|Аягоз\w*",
    ),
    ("KZ-11", r"Akmola|Aqmola|Kokshetau", r"Акмолинск\w+" + _OBL_RU + r"|Кокшетау"),
    ("KZ-15", r"Aktobe|Aqtobe|Aktyubinsk", r"Актюбинск\w+" + _OBL_RU + r"|Актобе"),
    ("KZ-23", r"Atyrau", r"Атырауск\w+" + _OBL_RU + r"|Атырау"),
    ("KZ-31", r"Zhambyl|Jambyl|Taraz|Shu\s+district", r"Жамбылск\w+" + _OBL_RU + r"|Тараз\w*"),
    (
        "KZ-33",
        r"Jetisu|Zhetysu|Zhetisu|Taldykorgan",
        r"(?:област(?:ь|и|ью)\s+)?Жетісу|Жетысу(?:ск\w+" + _OBL_RU + r")?|Талдыкорган\w*",
    ),
    (
        "KZ-35",
        r"Karaganda|Karagandy|Qaraghandy|Temirtau",
        r"Карагандинск\w+" + _OBL_RU + r"|Караганд\w+|Темиртау",
    ),
    ("KZ-39", r"Kostanay|Kostanai|Qostanay|Rudny", r"Костанайск\w+" + _OBL_RU + r"|Костана\w+"),
    ("KZ-43", r"Kyzylorda|Qyzylorda", r"Кызылординск\w+" + _OBL_RU + r"|Кызылорд\w+"),
    (
        "KZ-47",
        r"Mangystau|Mangistau|Mangghystau|Aktau|Aqtau",
        r"Мангистауск\w+" + _OBL_RU + r"|Мангыстау\w*|Мангистау|Актау",
    ),
    ("KZ-55", r"Pavlodar|Ekibastuz", r"Павлодарск\w+" + _OBL_RU + r"|Павлодар\w*|Экибастуз\w*"),
    ("KZ-61", r"Turkistan|Turkestan|Kentau", r"Туркестанск\w+" + _OBL_RU + r"|Туркестан\w*|Кентау"),
    (
        "KZ-62",
        r"Ulytau|Zhezkazgan|Satpayev",
        r"Улытауск\w+" + _OBL_RU + r"|област(?:ь|и)\s+Улытау|Улытау|Жезказган\w*|Сатпаев\w*",
    ),
)

# Kazakh names, with their case endings ("Түркістан облысында", "Астанада").
_REGIONS_KK: dict[str, str] = {
    "KZ-59": r"Солтүстік\s+Қазақстан\s+облыс\w*|Петропавл\w*",
    "KZ-27": r"Батыс\s+Қазақстан\s+облыс\w*|Орал\w*",
    "KZ-63": r"Шығыс\s+Қазақстан\s+облыс\w*|Өскемен\w*",
    "KZ-19": r"Алматы\s+облыс\w*|Қонаев\w*",
    "KZ-75": r"Алматы\w*",
    "KZ-71": r"Астана\w*",
    "KZ-79": r"Шымкент\w*",
    "KZ-10": r"Абай\s+облыс\w*|Семей\w*",
    "KZ-11": r"Ақмола\s+облыс\w*|Ақмола\w*|Көкшетау\w*",
    "KZ-15": r"Ақтөбе\s+облыс\w*|Ақтөбе\w*",
    "KZ-23": r"Атырау\s+облыс\w*|Атырау\w*",
    "KZ-31": r"Жамбыл\s+облыс\w*|Тараз\w*",
    "KZ-33": r"Жетісу\s+облыс\w*|Жетісу\w*|Талдықорған\w*",
    "KZ-35": r"Қарағанды\s+облыс\w*|Қарағанды\w*|Теміртау\w*",
    "KZ-39": r"Қостанай\s+облыс\w*|Қостанай\w*",
    "KZ-43": r"Қызылорда\s+облыс\w*|Қызылорда\w*",
    "KZ-47": r"Маңғыстау\s+облыс\w*|Маңғыстау\w*|Ақтау\w*",
    "KZ-55": r"Павлодар\s+облыс\w*|Екібастұз\w*",
    "KZ-61": r"Түркістан\s+облыс\w*|Түркістан\w*",
    "KZ-62": r"Ұлытау\s+облыс\w*|Ұлытау\w*|Жезқазған\w*|Сәтбаев\w*",
}

_region_alts: list[str] = []
for _i, (_code, _en, _ru) in enumerate(_REGIONS):
    _en_full = r"(?:" + _en + r")" + (_REG_EN if "region" not in _en else "")
    # "Атырау облысында" before the Russian "Атырау", "Атырауской" before the Kazakh "Атырау\w*".
    _kk = _alternatives(_REGIONS_KK[_code])
    _kk_oblys = "|".join(a for a in _kk if "облыс" in a)
    _kk_other = "|".join(a for a in _kk if "облыс" not in a)
    _region_alts.append("|".join(p for p in (_en_full, _kk_oblys, _ru, _kk_other) if p))
# One pass over the text: alternatives are tried in the order above, most specific first.
_REGION_RE = _HintedAlternation(_region_alts)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    code: str


def find_regions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Region and city mentions in ``text[start:end]``, left to right."""
    end = len(text) if end is None else end
    return [
        Mention(s, e, text[s:e], _REGIONS[i][0])
        for s, e, i in _REGION_RE.finditer(text, start, end)
    ]


# Partner countries: (English name, pattern over English and Russian spellings and adjectives).
_COUNTRIES: tuple[tuple[str, str], ...] = (
    (
        "China",
        r"China|Chinese|PRC|Xinjiang|Китай|Китая|Китаем|Китаю|КНР|китайск\w+|СУАР|"
        r"Синьцзян\w*",
    ),
    ("Türkiye", r"Türkiye|Turkiye|Turkey|Turkish|Турци\w+|Турецк\w+|турецк\w+"),
    ("Germany", r"Germany|German|Германи\w+|немецк\w+|германск\w+|ФРГ"),
    (
        "United Arab Emirates",
        r"United\s+Arab\s+Emirates|UAE|Emirati|ОАЭ|Объединённ\w+\s+Арабск\w+"
        r"\s+Эмират\w*|Объединенн\w+\s+Арабск\w+\s+Эмират\w*|эмиратск\w+",
    ),
    (
        "South Korea",
        r"South\s+Korea|Republic\s+of\s+Korea|Korean?|Южн\w+\s+Коре\w+|"
        r"Республик\w+\s+Коре\w+|Коре[яиюей]|южнокорейск\w+|корейск\w+",
    ),
    ("Japan", r"Japan|Japanese|Япони\w+|японск\w+"),
    ("Russia", r"Russia|Russian\s+(?:company|investors?|side|partners?)|Росси\w+|российск\w+"),
    ("Uzbekistan", r"Uzbekistan|Uzbek|Узбекистан\w*|узбекск\w+"),
    ("United States", r"United\s+States|USA|U\.S\.(?=\s+[a-z])|American|США(?!\s)|американск\w+"),
    ("United Kingdom", r"United\s+Kingdom|Britain|British|Великобритани\w+|британск\w+"),
    ("France", r"France|French|Франци\w+|французск\w+"),
    ("Italy", r"Italy|Italian|Итали\w+|итальянск\w+"),
    ("Netherlands", r"Netherlands|Dutch|Нидерланд\w+|нидерландск\w+"),
    ("India", r"India|Indian|Инди[яиюей]|индийск\w+"),
    ("Saudi Arabia", r"Saudi\s+Arabia|Saudi|Саудовск\w+"),
    ("Qatar", r"Qatar|Qatari|Катар\w*|катарск\w+"),
    ("Iran", r"Iran|Iranian|Иран\w*|иранск\w+"),
    ("Azerbaijan", r"Azerbaijan\w*|Азербайджан\w*"),
    ("Kyrgyzstan", r"Kyrgyzstan|Kyrgyz|Кыргызстан\w*|Киргизи\w+|кыргызск\w+"),
    ("Singapore", r"Singapore\w*|Сингапур\w*"),
    ("Hungary", r"Hungary|Hungarian|Венгри\w+|венгерск\w+"),
    ("Poland", r"Poland|Polish|Польш\w+|польск\w+"),
    ("Spain", r"Spain|Spanish|Испани\w+|испанск\w+"),
    ("Austria", r"Austria\w*|Австри\w+|австрийск\w+"),
    ("Switzerland", r"Switzerland|Swiss|Швейцари\w+|швейцарск\w+"),
    ("Oman", r"Oman\w*|Оман\w*"),
    ("Kuwait", r"Kuwait\w*|Кувейт\w*"),
    ("Egypt", r"Egypt\w*|Египет|Египт\w+"),
    ("Belarus", r"Belarus\w*|Беларус\w*|белорусск\w+"),
)
# "Казахстанско-китайский форум", "Қазақстан-Қытай бизнес-форумы": the partner in a compound,
# and the Kazakh names of the main partners (with their case endings).
_COMPOUNDS: dict[str, tuple[str, str]] = {
    "China": ("китайск", "Қытай"),
    "Türkiye": ("турецк", "Түркия"),
    "Germany": ("германск", "Германия"),
    "United Arab Emirates": ("эмиратск", "Біріккен Араб Әмірліктер"),
    "South Korea": ("корейск", "Корея"),
    "Japan": ("японск", "Жапония"),
    "Russia": ("российск", "Ресей"),
    "Uzbekistan": ("узбекск", "Өзбекстан"),
    "United States": ("американск", "Америка"),
    "France": ("французск", "Франция"),
    "Italy": ("итальянск", "Италия"),
    "Hungary": ("венгерск", "Венгрия"),
    "Azerbaijan": ("азербайджанск", "Әзірбайжан"),
    "Kyrgyzstan": ("кыргызск", "Қырғызстан"),
}


def _with_compounds(name: str, pattern: str) -> str:
    if name not in _COMPOUNDS:
        return pattern
    adjective, kk = _COMPOUNDS[name]
    return (
        f"{pattern}|Казахстанско-{adjective}\\w+|казахстанско-{adjective}\\w+|"
        f"Қазақстан-{kk}\\w*|{kk}\\w*|{kk.lower()}\\w*"
    )


_COUNTRIES = tuple((name, _with_compounds(name, pattern)) for name, pattern in _COUNTRIES)
_CURRENCY_BEFORE = re.compile(r"(?:доллар\w*|долл\.?)\s*$", re.IGNORECASE)
_COUNTRY_RE = _HintedAlternation([pat for _, pat in _COUNTRIES])


def find_countries(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, English country name) for each foreign-country mention, left to right."""
    end = len(text) if end is None else end
    out: list[tuple[int, str]] = []
    for s, _e, i in _COUNTRY_RE.finditer(text, start, end):
        name = _COUNTRIES[i][0]
        # "долларов США", "US dollars": a currency, not a partner.
        if name == "United States" and _CURRENCY_BEFORE.search(text, max(0, s - 12), s):
            continue
        out.append((s, name))
    return out
