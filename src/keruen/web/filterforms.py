"""What the lists' filter forms share: the search box, a date bound, and choices led by an empty
one ("All regions"). The forms only parse the query string; each hands its values to its
selector's filters (`core.filters`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from keruen.reference.models import Country, Region


def search_field(help_text: Any = "", *, widget: Any = None) -> forms.CharField:
    """The `q` box; `help_text` says what it searches (`widget`: another input, such as
    `forms.SearchInput`)."""
    return forms.CharField(label=_("Search"), required=False, help_text=help_text, widget=widget)


def date_bound(label: Any) -> forms.DateField:
    """An optional date, picked with the browser's calendar (`signed_from`, `date_to`, ...)."""
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def with_blank(rows: Iterable[tuple[Any, Any]], blank: Any) -> list[tuple[Any, Any]]:
    """`rows` after the empty choice, labelled `blank` ("All kinds", "Any")."""
    return [("", blank), *rows]


def region_choices(blank: Any) -> list[tuple[Any, Any]]:
    """Every region by code, named in the reader's language, after the empty choice `blank`."""
    return with_blank(
        ((r.code, r.localized_name()) for r in Region.objects.order_by("code")), blank
    )


def country_choices(having: str | Q, blank: Any) -> list[tuple[Any, Any]]:
    """The countries some `having` row points to (e.g. "agreements": the counterparties'), or
    those a condition selects, by code and named in the reader's language, after the empty
    choice `blank`."""
    if isinstance(having, str):
        having = Q(**{f"{having}__isnull": False})
    countries = Country.objects.filter(having).distinct().order_by("code")
    return with_blank(((c.code, c.localized_name()) for c in countries), blank)
