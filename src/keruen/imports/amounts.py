"""Amounts as people write them: `"$4,200 "`, `1 234,5`, `USD 2.5 bn`, `12,5 млрд`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from keruen.imports.formats import CellError

SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "₸": "KZT",
    "тг": "KZT",
    "тенге": "KZT",
    "теңге": "KZT",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "юань": "CNY",
    "юаней": "CNY",
    "€": "EUR",
    "евро": "EUR",
    "₽": "RUB",
    "руб": "RUB",
    "рублей": "RUB",
    "£": "GBP",
    "долл": "USD",
    "долларов": "USD",
    "доллар": "USD",
    "dollars": "USD",
}
SCALES = {
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "thousands": Decimal(10) ** 3,
    "тыс": Decimal(10) ** 3,
    "мың": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "millions": Decimal(10) ** 6,
    "млн": Decimal(10) ** 6,
    "миллион": Decimal(10) ** 6,
    "миллиона": Decimal(10) ** 6,
    "миллионов": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "billions": Decimal(10) ** 9,
    "млрд": Decimal(10) ** 9,
    "миллиард": Decimal(10) ** 9,
    "миллиарда": Decimal(10) ** 9,
    "миллиардов": Decimal(10) ** 9,
    "tn": Decimal(10) ** 12,
    "trillion": Decimal(10) ** 12,
    "трлн": Decimal(10) ** 12,
}
_WORD = re.compile(r"[^\W\d_]+|[$₸¥￥元€₽£]", re.UNICODE)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f'’_]")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None  # ISO 4217 when the cell said which


def _number(text: str) -> Decimal:
    grouped_by_space = bool(re.search(r"\d[\s\u00a0\u2009\u202f'’_]\d", text))
    digits = _SPACES.sub("", text)
    if not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", digits):
        raise InvalidOperation
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal_mark == "," else ","
        digits = digits.replace(group, "").replace(decimal_mark, ".")
    elif commas:
        after = digits.rsplit(",", 1)[1]
        if commas > 1 or (len(after) == 3 and not grouped_by_space):
            digits = digits.replace(",", "")  # 4,200 and 1,234,567: thousands
        else:
            digits = digits.replace(",", ".")  # 12,5 and 1 234,5: decimal comma
    elif dots > 1:
        digits = digits.replace(".", "")  # 1.234.567
    return Decimal(digits)


def _expected() -> str:
    """What an amount cell may hold (translated only when a cell fails)."""
    return _(
        "an amount such as 1234.50, 4,200, 1 234,5, USD 2.5 bn or 12,5 млрд (one number, an "
        "optional currency and scale)"
    )


def parse_amount(cell: str, *, multiplier: Decimal | None = None) -> Amount:
    """Read an amount; a scale word in the cell (bn, млрд, million ...) or else the column's
    `multiplier` (from a mapping file) scales it."""
    text = cell.strip()
    if not text:
        raise CellError(_expected())
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    currency: str | None = None
    scale = Decimal(1)
    rest = text
    for word in _WORD.findall(text):
        key = word.casefold().rstrip(".")
        if key in SCALES and scale == 1:
            scale = SCALES[key]
        elif key in SYMBOLS and currency is None:
            currency = SYMBOLS[key]
        elif len(word) == 3 and word.isascii() and word.isupper() and currency is None:
            currency = word
        else:
            raise CellError(_expected())
        rest = rest.replace(word, " ", 1)
    rest = rest.strip()
    try:
        value = _number(rest)
    except InvalidOperation:
        raise CellError(_expected()) from None
    if negative:
        value = -value
    if scale != 1:
        value = value * scale  # the cell says its own scale: the column's multiplier is moot
    elif multiplier is not None:
        value = value * multiplier
    return Amount(value=value, currency=currency)
