"""Company names (by their legal form) and date expressions, as spelled in the text.

Companies are found by a legal form ("LLP", "Co., Ltd.", "GmbH", "A.Ş.", "ТОО «…»") closing a run of
capitalised words; resolution to an Organization record is left to the registry side. For Russian,
natasha's named-entity recogniser can add organisations without a legal form (``use_ner``).
"""

from __future__ import annotations

import re

_CAP_WORD = r"(?:[A-Z0-9][\w'’.\-]*|&|of|de|del|für|und)"
_LEGAL_EN = (
    r"(?:Co\.?,?\s+Ltd\.?|Company\s+Limited|Co\.?\s+Limited|Limited|Ltd\.?|LLP|LLC|L\.L\.C\.|PJSC|"
    r"JSC|OJSC|CJSC|GmbH(?:\s+&\s+Co\.\s+KG)?|AG|SE|A\.\s?Ş\.|A\.\s?S\.|S\.A\.|SA|S\.p\.A\.|"
    r"S\.r\.l\.|B\.V\.|N\.V\.|plc|PLC|Inc\.?|Corp\.?|Corporation|Holding(?:s)?|Group|"
    r"Pte\.?\s+Ltd\.?|Pty\.?\s+Ltd\.?|Sdn\.?\s+Bhd\.?|K\.K\.|AB|ASA|AS|Oy|Oyj|SpA|KG|SAS|SARL|BV|NV|"
    r"Co\.)"
)
_COMPANY_EN = re.compile(
    r"(?<![\w])(?:[A-Z][\w'’.\-]*)(?:\s+" + _CAP_WORD + r"){0,6}?\s+" + _LEGAL_EN + r"(?![\w])"
)
_LEGAL_RU = r"(?:ТОО|АО|ПАО|ОАО|ЗАО|ООО|ТДО|ИП|НАО|РГП|ГКП|КГП|АО\s+«НК|АО\s+«ФНБ)"
_COMPANY_RU = re.compile(r"(?<![\w])" + _LEGAL_RU + r"\s*[«\"“](?:[^«»\"“”\n]|«[^»\n]*»)+[»\"”]+")
# "the Saudi company ACWA Power", "китайской корпорации China Energy": a name without a legal
# form, introduced by a common noun.
_INTRODUCED = re.compile(
    r"(?<![\w])(?:company|corporation|group|firm|holding|developer|investor|operator|"
    r"компани[яиюей]|корпораци[яиюей]|групп[аыуе]|холдинг[аеу]?|инвестор[аом]?)\s+"
    r"(?P<name>«[^»\n]{2,60}»|[A-Z][\w&'’.\-]*(?:\s+(?:[A-Z0-9][\w&'’.\-]*|&|of|de|und)){0,5})"
)
_POSSESSIVE = re.compile(r"^.*?\b\w+['’]s\s+")
_LEADING_STOP = re.compile(
    r"^(?:The|A|An|In|On|At|By|For|With|From|And|Among|Both|Its|Their|This|That|These|Also|"
    r"Meanwhile|However|Company|Компания)\s+"
)


def find_companies(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, name) of each company named with its legal form, left to right."""
    end = len(text) if end is None else end
    found: list[tuple[int, int, str]] = []
    for m in _COMPANY_EN.finditer(text, start, end):
        s, name = m.start(), m.group(0)
        pm = _POSSESSIVE.match(name)
        if pm:
            s += pm.end()
            name = name[pm.end() :]
        while True:
            lm = _LEADING_STOP.match(name)
            if not lm:
                break
            s += lm.end()
            name = name[lm.end() :]
        if " " not in name.strip():
            continue
        found.append((s, s + len(name), name))
    for m in _COMPANY_RU.finditer(text, start, end):
        found.append((m.start(), m.end(), m.group(0)))
    for m in _INTRODUCED.finditer(text, start, end):
        name = m.group("name").rstrip(".")
        found.append((m.start("name"), m.start("name") + len(name), name))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, str]] = []
    last_end = -1
    for s, e, name in found:
        if s < last_end:
            continue
        out.append((s, name))
        last_end = e
    return out


_MONTHS_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_MONTHS_RU = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_YEAR = r"(?:19|20)\d{2}"
_DATE_PATTERNS = [
    # English
    r"between\s+" + _YEAR + r"\s+and\s+" + _YEAR,
    r"(?:from\s+)?" + _YEAR + r"\s*[–—-]\s*" + _YEAR,
    r"(?:by|in|since|until|for|from|starting\s+from|before)\s+(?:the\s+(?:end|beginning|start)\s+of\s+)?"
    + _YEAR,
    r"(?:annually|a\s+year|per\s+year|each\s+year)\s+starting\s+from\s+" + _YEAR,
    r"\d{1,2}\s+" + _MONTHS_EN + r"\s+" + _YEAR,
    _MONTHS_EN + r"\s+\d{1,2},?\s+" + _YEAR,
    r"(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of\s+" + _YEAR,
    r"(?:over|in|during|for)\s+(?:the\s+)?(?:first\s+)?(?:\w+\s+)?months\s+of\s+" + _YEAR,
    r"(?:last|this|next)\s+(?:year|month|" + _MONTHS_EN + r")",
    r"since\s+the\s+(?:beginning|start)\s+of\s+the\s+year",
    r"since\s+the\s+\d{4}s",
    r"(?:over|in|during)\s+the\s+past\s+\w+\s+(?:years|decades|months)",
    r"(?:in|by|until)\s+" + _MONTHS_EN + r"(?:\s+" + _YEAR + r")?",
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
    r"by\s+the\s+end\s+of\s+(?:the\s+year|" + _YEAR + r")",
    # Russian
    r"\d{1,2}\s+" + _MONTHS_RU + r"\s+" + _YEAR + r"(?:\s+года)?",
    r"(?:к|в|до|с|за|по\s+итогам)\s+" + _YEAR + r"\s+год[ауе]?",
    r"(?:в|за)\s+" + _YEAR + r"\s*[–—-]\s*" + _YEAR + r"\s+год(?:ах|ы)",
    r"(?:до|к)\s+конц[ауе]\s+(?:года|" + _YEAR + r"\s+года)",
    r"с\s+начала\s+(?:года|" + _YEAR + r"\s+года)",
    r"(?:в|за)\s+(?:прошлом|текущем|этом|следующем)\s+году",
    r"(?:в\s+)?(?:I|II|III|IV)\s+квартал\w*\s+" + _YEAR + r"\s+года",
    r"(?:на\s+)?конец\s+" + _YEAR + r"\s+года",
    r"(?:с|в)\s+" + _YEAR + r"(?:-х|\s+по\s+" + _YEAR + r")\s+год\w*",
]
_DATE_RE = re.compile(r"(?<![\w])(?:" + "|".join(_DATE_PATTERNS) + r")(?![\w])", re.IGNORECASE)


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, literal date expression) in ``text[start:end]``."""
    end = len(text) if end is None else end
    # "in November." at a sentence end: the point is the sentence's, not an abbreviation's.
    return [
        (
            m.start(),
            m.group(0)[:-1]
            if m.group(0).endswith(".")
            and m.group(0)[-4:-1].isalpha()
            and len(m.group(0).split()[-1]) > 4
            else m.group(0),
        )
        for m in _DATE_RE.finditer(text, start, end)
    ]
