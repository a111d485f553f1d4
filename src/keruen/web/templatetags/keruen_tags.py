"""Formatting for the pages: numbers, money and dates in the reader's locale (babel), the reader's
role and scope, and links that keep the current query string."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from django import template
from django.http import HttpRequest
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keruen.accounts.policy import can, may_write
from keruen.accounts.selectors import user_scope

register = template.Library()

#: Django language → babel locale (KZ variants write ₸ and group with a no-break space).
LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en_US"}


def locale() -> str:
    return LOCALES.get((get_language() or "en")[:2], "en_US")


@register.filter
def num(value: Any, digits: int = 0) -> str:
    """1234567 → "1,234,567" (en), "1 234 567" (kk, ru)."""
    if value is None or value == "":
        return "—"
    pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale())


@register.filter
def usd_bn(value: Any) -> str:
    """66400000000 → "USD 66.4 bn" / "66,4 млрд долл. США"."""
    if value is None:
        return "—"
    return _("USD %(amount)s bn") % {"amount": num(Decimal(str(value)) / 10**9, 1)}


@register.filter
def usd(value: Any) -> str:
    """An amount in USD, shortened to millions or billions."""
    if value is None or value == "":
        return "—"
    v = Decimal(str(value))
    if abs(v) >= 10**9:
        return usd_bn(v)
    if abs(v) >= 10**6:
        return _("USD %(amount)s mn") % {"amount": num(v / 10**6, 1)}
    return money(v, "USD")


@register.filter
def money(value: Any, currency: Any) -> str:
    """An amount in its own currency, written for the locale: "59 135 798 500,21 ₸"."""
    if value is None or value == "":
        return "—"
    code = getattr(currency, "code", currency) or ""
    if not code:
        return num(value, 2)
    return format_currency(Decimal(str(value)), str(code), locale=locale())


@register.filter
def ldate(value: Any, fmt: str = "medium") -> str:
    """The one way a page writes a date: "Jun 17, 2025", "17 июн. 2025 г.", "2025 ж. 17 мау."."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, format=fmt, locale=locale())


@register.filter
def ldatetime(value: Any) -> str:
    """A moment: its date as `ldate` writes it and the local time, "Jun 17, 2025 14:05"."""
    if not value:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{ldate(local)} {local:%H:%M}"


#: Letters of the Kazakh alphabet that Russian does not have.
KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁ]")
LATIN = re.compile("[A-Za-z]")


@register.filter
def lang_of(text: Any) -> str:
    """The language a free text (a description, a reason) is most likely written in, for its
    `lang` attribute: such texts are kept as entered, in one language, and a page in another
    language says so to screen readers and translators."""
    s = str(text or "")
    if KAZAKH_LETTERS.search(s):
        return "kk"
    cyrillic, latin = len(CYRILLIC.findall(s)), len(LATIN.findall(s))
    if cyrillic > latin:
        return "ru"
    return "en" if latin else (get_language() or "en")[:2]


@register.filter
def written(value: Any, lines: bool = False) -> str:
    """A text kept as it was entered (a description, a reason, a source's title), marked with
    the language it is written in when that is not the page's: `<span lang="en">…</span>`.
    `lines` keeps its line breaks."""
    text = str(value or "")
    html = linebreaksbr(text, autoescape=True) if lines else conditional_escape(text)
    lang = lang_of(text)
    if not text or lang == (get_language() or "en")[:2]:
        return mark_safe(html)
    return format_html('<span lang="{}">{}</span>', lang, mark_safe(html))


@register.filter
def untranslated(value: Any) -> str:
    """A name that is the same in every language (a file name, a code), escaped and marked
    `translate="no"`, for use inside a translated sentence."""
    return format_html('<span translate="no">{}</span>', value)


@register.simple_tag
def role_and_scope(user: Any) -> str:
    """ "coordinator" / "regional editor: KZ-19, KZ-75" / "agency officer: ministry-x"."""
    scope = user_scope(user)
    if not scope.authenticated:
        return ""
    from keruen.accounts.models import Role

    label = str(dict(Role.choices).get(scope.role, _("no role"))) if scope.role else _("no role")
    where = sorted(scope.regions) if scope.regions else []
    if scope.organization:
        where.append(scope.organization)
    return f"{label}: {', '.join(where)}" if where else label


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with `changes` applied (None or "" removes a key); page resets
    unless it is changed itself."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    params.pop("partial", None)
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.simple_tag(takes_context=True)
def query_set(context: dict[str, Any], name: str, value: Any, **changes: Any) -> str:
    """`query` with `name` (a parameter the template holds in a variable) set to `value`."""
    return query(context, **{name: value}, **changes)


#: Query parameters that are not filters: paging, order, page size, htmx's partial flag.
NOT_FILTERS = {"page", "sort", "per_page", "partial"}


@register.simple_tag(takes_context=True)
def active_filters(context: dict[str, Any]) -> int:
    """How many filters the list is narrowed by (shown on the button that unfolds them)."""
    request: HttpRequest = context["request"]
    return sum(1 for k, v in request.GET.lists() if k not in NOT_FILTERS and any(v))


@register.simple_tag(takes_context=True)
def query_without(context: dict[str, Any], name: str) -> str:
    """The current query string without `name` (and back to the first page)."""
    return query(context, **{name: None})


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], key: str, current: str) -> str:
    """Sort by `key`; a second click on the same column reverses it."""
    return query(context, sort=f"-{key}" if current == key else key)


@register.filter
def localized(obj: Any, field: str = "name") -> str:
    """`obj.<field>_kk` / `_ru` in the reader's language, falling back to `obj.<field>`."""
    if obj is None:
        return ""
    lang = (get_language() or "en")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("kk", "ru") else ""
    return str(value or getattr(obj, field, "") or "")


@register.simple_tag
def may_change(user: Any, obj: Any) -> bool:
    """`{% may_change user obj as ok %}`: whether to offer the edit link (accounts.policy)."""
    return bool(user.is_authenticated) and can(user, "change", obj)


@register.simple_tag
def may_create(user: Any) -> bool:
    """`{% may_create user as ok %}`: whether to offer "New ..." (the role writes at all)."""
    return bool(user.is_authenticated) and may_write(user)
