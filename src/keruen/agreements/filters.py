"""Filters of the agreement and event lists, parsed from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import AGREEMENT_SORTS as AGREEMENT_SORT_KEYS
from keruen.agreements.selectors import EVENT_SORTS as EVENT_SORT_KEYS
from keruen.agreements.selectors import (
    AgreementFilters,
    EventFilters,
    agreement_list,
    event_label,
    event_list,
)
from keruen.core.models import Confidentiality
from keruen.projects.models import Portfolio
from keruen.reference.models import Sector
from keruen.web.filterforms import (
    country_choices,
    date_bound,
    region_choices,
    search_field,
    with_blank,
)
from keruen.web.forms import Pick
from keruen.web.listing import Listing, style

#: ?sort= value → ordering, on the agreement and the event list.
AGREEMENT_SORTS: dict[str, tuple[Any, ...]] = AGREEMENT_SORT_KEYS.page()
EVENT_SORTS: dict[str, tuple[Any, ...]] = EVENT_SORT_KEYS.page()


class AgreementFilterForm(forms.Form):
    q = search_field(_("Code, title in any language, party name or any spelling of it."))
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Counterparty country"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), required=False)
    event = forms.CharField(
        label=_("Event"),
        required=False,
        widget=Pick(reverse_lazy("agreements:event-lookup"), labels=event_label),
    )
    portfolio = forms.ChoiceField(label=_("Portfolio"), required=False, widget=Pick())
    signed_from = date_bound(_("Signed on or after"))
    signed_to = date_bound(_("Signed on or before"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["region"].choices = region_choices(_("All regions"))  # type: ignore[attr-defined]
        f["sector"].choices = with_blank(  # type: ignore[attr-defined]
            [(s.code, s.localized_name()) for s in Sector.objects.order_by("code")],
            _("All sectors"),
        )
        f["portfolio"].choices = with_blank(  # type: ignore[attr-defined]
            [(p.slug, p.localized_name()) for p in Portfolio.objects.order_by("slug")],
            _("All portfolios"),
        )
        f["kind"].choices = with_blank(Agreement.Kind.choices, _("All kinds"))  # type: ignore[attr-defined]
        f["status"].choices = with_blank(Agreement.Status.choices, _("Any status"))  # type: ignore[attr-defined]
        f["confidentiality"].choices = with_blank(  # type: ignore[attr-defined]
            Confidentiality.choices, _("Any")
        )
        f["country"].choices = country_choices("agreements", _("All countries"))  # type: ignore[attr-defined]
        style(self)

    def filters(self) -> AgreementFilters:
        return AgreementFilters.from_values(self.cleaned_data if self.is_valid() else {})


class EventFilterForm(forms.Form):
    q = search_field(_("Title in any language, place or code."))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    date_from = date_bound(_("On or after"))
    date_to = date_bound(_("On or before"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = with_blank(Event.Kind.choices, _("All kinds"))  # type: ignore[attr-defined]
        self.fields["region"].choices = region_choices(_("All regions"))  # type: ignore[attr-defined]
        style(self)

    def filters(self) -> EventFilters:
        """The kind; the page's own dates and search are applied by `narrow`."""
        return EventFilters(
            kind=(self.cleaned_data.get("kind") or None) if self.is_valid() else None
        )

    def narrow(self, qs: QuerySet[Event]) -> QuerySet[Event]:
        d = self.cleaned_data if self.is_valid() else {}
        q = (d.get("q") or "").strip()
        if q:
            qs = qs.filter(
                Q(slug__icontains=q)
                | Q(title__icontains=q)
                | Q(title_ru__icontains=q)
                | Q(title_kk__icontains=q)
                | Q(place__icontains=q)
            )
        if d.get("region"):
            qs = qs.filter(region__code=d["region"])
        if d.get("date_from"):
            qs = qs.filter(starts_on__gte=d["date_from"])
        if d.get("date_to"):
            qs = qs.filter(starts_on__lte=d["date_to"])
        return qs


#: The agreement list, its page and its export: sorted by code, its totals in USD.
AGREEMENT_LISTING = Listing(
    AgreementFilterForm,
    lambda user, form: agreement_list(user=user, filters=form.filters()),
    AGREEMENT_SORTS,
    "code",
    usd="value_usd",
)
#: The event list, its page and its export: the latest first.
EVENT_LISTING = Listing(
    EventFilterForm,
    lambda user, form: form.narrow(event_list(user=user, filters=form.filters())),
    EVENT_SORTS,
    "-starts_on",
)
