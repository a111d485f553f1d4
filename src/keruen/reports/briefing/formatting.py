"""Numbers, money and dates for the reader's locale (babel): kk_KZ, ru_KZ or en."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from django.utils.translation import gettext as _

#: The brief's languages and the babel locale each one formats with.
LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en"}
BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6


@dataclass(frozen=True)
class Formatter:
    """Formats for one language; the gettext calls need `translation.override(language)`."""

    language: str

    @property
    def locale(self) -> str:
        return LOCALES[self.language]

    def number(self, value: int | Decimal | float | None) -> str:
        if value is None:
            return "—"
        return format_decimal(value, format="#,##0", locale=self.locale)

    def decimal(self, value: Decimal | float | None, places: int = 1) -> str:
        if value is None:
            return "—"
        return format_decimal(value, format="#,##0." + "0" * places, locale=self.locale)

    def usd(self, value: Decimal | float | None) -> str:
        """USD in billions (one decimal) from a billion up, else in millions: the pages' style
        (`keruen_tags.usd`), one msgid each, so a language writes money one way everywhere."""
        if value is None:
            return "—"
        amount = Decimal(str(value))
        if abs(amount) >= BILLION:
            return _("USD %(amount)s bn") % {"amount": self.decimal(amount / BILLION, 1)}
        return _("USD %(amount)s mn") % {"amount": self.decimal(amount / MILLION, 1)}

    def usd_bn(self, value: Decimal | float | None) -> str:
        """Always in billions: the unit targets and headline figures are spoken in."""
        if value is None:
            return "—"
        return _("USD %(amount)s bn") % {"amount": self.decimal(Decimal(str(value)) / BILLION, 1)}

    def percent(self, value: float | Decimal | None) -> str:
        if value is None:
            return "—"
        return format_percent(value, format="#,##0%", locale=self.locale)

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return format_date(value, format="medium", locale=self.locale)
