"""Reads of events and agreements, through the reader's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from keruen.agreements.models import Agreement, Event
from keruen.projects.selectors import text_search


@dataclass(frozen=True)
class AgreementFilters:
    event: str | None = None  # slug
    region: str | None = None
    sector: str | None = None
    kind: str | None = None
    status: str | None = None
    portfolio: str | None = None
    country: str | None = None
    q: str | None = None
    confidentiality: str | None = None
    signed_from: dt.date | None = None  # signed on or after
    signed_to: dt.date | None = None  # signed on or before


def agreement_list(*, user: Any, filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    f = filters or AgreementFilters()
    qs = Agreement.objects.restrict(user, "view").select_related(
        "event", "region", "sector", "value_currency", "counterparty_country"
    )
    if f.event:
        qs = qs.filter(event__slug=f.event)
    if f.region:
        qs = qs.filter(region__code=f.region)
    if f.sector:
        qs = qs.filter(sector__code=f.sector)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.country:
        qs = qs.filter(counterparty_country__code=f.country.upper())
    if f.portfolio:
        qs = qs.filter(portfolios__slug=f.portfolio)
    if f.confidentiality:
        qs = qs.filter(confidentiality=f.confidentiality)
    if f.signed_from:
        qs = qs.filter(signed_on__gte=f.signed_from)
    if f.signed_to:
        qs = qs.filter(signed_on__lte=f.signed_to)
    if f.q:
        qs = qs.filter(
            text_search(
                f.q,
                "code",
                "title",
                "title_ru",
                "title_kk",
                "parties__organization__name",
                "parties__organization__name_ru",
                "parties__organization__aliases__alias",
            )
        )
        qs = Agreement.objects.filter(pk__in=qs.values("pk")).select_related(
            "event", "region", "sector", "value_currency", "counterparty_country"
        )
    return qs.order_by("code")


def event_list(
    *,
    user: Any,
    kind: str | None = None,
    region: str | None = None,
    starts_from: dt.date | None = None,
    starts_to: dt.date | None = None,
    q: str | None = None,
) -> QuerySet[Event]:
    qs = Event.objects.restrict(user, "view").select_related("region", "country")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__code=region)
    if starts_from:
        qs = qs.filter(starts_on__gte=starts_from)
    if starts_to:
        qs = qs.filter(starts_on__lte=starts_to)
    if q:
        qs = qs.filter(text_search(q, "slug", "title", "title_ru", "title_kk", "place"))
    return qs.order_by("-starts_on", "slug")
