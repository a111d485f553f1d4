"""Reads of events and agreements, through the reader's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from keruen.agreements.models import Agreement, Event
from keruen.core.filters import Filters, Sort, Sorts, filter_field
from keruen.core.models import TITLE_FIELDS, Confidentiality
from keruen.projects.selectors import text_search


@dataclass(frozen=True)
class AgreementFilters(Filters):
    """The agreement list's filters, as named in the page's and the API's query strings."""

    event: str | None = filter_field("event__slug", max_length=80, description="event slug")
    region: str | None = filter_field("region__code", max_length=6, description="ISO 3166-2 code")
    sector: str | None = filter_field("sector__code", max_length=60)
    kind: str | None = filter_field("kind", api=Agreement.Kind)
    status: str | None = filter_field("status", api=Agreement.Status)
    portfolio: str | None = filter_field("portfolios__slug", max_length=80)
    country: str | None = filter_field(
        "counterparty_country__code",
        upper=True,
        max_length=2,
        description="counterparty, ISO alpha-2",
    )
    confidentiality: str | None = filter_field("confidentiality", api=Confidentiality)
    q: str | None = filter_field(max_length=200)
    signed_from: dt.date | None = filter_field("signed_on__gte")  # signed on or after
    signed_to: dt.date | None = filter_field("signed_on__lte")  # signed on or before


#: The agreement list's sort keys: on the page and in the API.
AGREEMENT_SORTS = Sorts(
    (
        Sort("code", page="code", api="code"),
        Sort("title", page="title", api="title"),
        Sort("signed_on", page="signed_on", api="signed_on", nulls="last"),
        Sort("value_usd", page="value", api="value_usd", nulls="first"),
        Sort("status", page="status", api="status"),
        Sort("kind", api="kind"),
        Sort("updated_at", api="updated_at"),
    )
)


@dataclass(frozen=True)
class EventFilters(Filters):
    """The API's filters of the event list (the page's are `EventFilterForm`'s)."""

    kind: str | None = filter_field("kind", api=Event.Kind)
    region: str | None = filter_field("region__code", max_length=6)
    starts_from: dt.date | None = filter_field("starts_on__gte")
    starts_to: dt.date | None = filter_field("starts_on__lte")
    q: str | None = filter_field(max_length=200)


#: The event list's sort keys: on the page and in the API.
EVENT_SORTS = Sorts(
    (
        Sort("slug", api="slug"),
        Sort("title", page="title", api="title"),
        Sort("starts_on", page="starts_on", api="starts_on"),
        Sort("kind", page="kind", api="kind", then=("-starts_on",)),
    ),
    then=("slug",),
)


def agreement_list(*, user: Any, filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    f = filters or AgreementFilters()
    qs = Agreement.objects.restrict(user, "view").select_related(
        "event", "region", "sector", "value_currency", "counterparty_country"
    )
    qs = f.apply(qs)
    if f.q:
        qs = qs.filter(
            text_search(
                f.q,
                "code",
                *TITLE_FIELDS,
                "parties__organization__name",
                "parties__organization__name_ru",
                "parties__organization__aliases__alias",
            )
        )
        qs = Agreement.objects.filter(pk__in=qs.values("pk")).select_related(
            "event", "region", "sector", "value_currency", "counterparty_country"
        )
    return qs.order_by("code")


def event_list(*, user: Any, filters: EventFilters | None = None) -> QuerySet[Event]:
    f = filters or EventFilters()
    qs = f.apply(Event.objects.restrict(user, "view").select_related("region", "country"))
    if f.q:
        qs = qs.filter(text_search(f.q, "slug", *TITLE_FIELDS, "place"))
    return qs.order_by("-starts_on", "slug")


def event_label(slug: str) -> str:
    """The event's title in the reader's language (its slug when there is none)."""
    event = Event.objects.filter(slug=slug).first()
    return event.localized_title() if event else slug
