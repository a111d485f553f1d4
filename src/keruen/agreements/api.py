"""The API of agreements and events: /api/v1/agreements/, /api/v1/events/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.payloads import (
    agreement_payload,
    agreement_payloads,
    event_payload,
    event_payloads,
)
from keruen.agreements.selectors import (
    AGREEMENT_SORTS,
    EVENT_SORTS,
    AgreementFilters,
    EventFilters,
    agreement_list,
    event_list,
)
from keruen.agreements.services import (
    PartyInput,
    agreement_create,
    agreement_delete,
    agreement_update,
    event_create,
    event_update,
)
from keruen.api.crud import Resource, batch, calling
from keruen.api.writes import all_known, known, settle_nulls
from keruen.core.models import Confidentiality
from keruen.parties.selectors import organization_by_code
from keruen.projects.models import Portfolio, Project
from keruen.reference.selectors import Resolver

router = Router(tags=["agreements"])


class PartyOut(Schema):
    organization: str
    name: str
    role: str | None = Field(None, description="hidden from the public")
    identifiers: list[dict[str, str]] | None = Field(None, description="restricted")


class AgreementOut(Schema):
    code: str
    title: str
    title_ru: str
    title_kk: str
    kind: str
    status: str
    signed_on: dt.date | None = None
    event: str | None = None
    region: str | None = None
    sector: str | None = None
    counterparty_country: str | None = None
    value_amount: str | None = None
    value_currency: str | None = None
    value_date: dt.date | None = None
    value_usd: str | None = None
    description: str
    confidentiality: str
    is_illustrative: bool
    parties: list[PartyOut]
    projects: list[str]
    portfolios: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class AgreementDetailOut(AgreementOut):
    sources: list[str]


class PartyIn(Schema):
    organization: str = Field(..., max_length=80, description="organization code")
    role: AgreementParty.Role = AgreementParty.Role.SIGNATORY


class AgreementFieldsIn(Schema):
    title_ru: str | None = Field(None, max_length=300)
    title_kk: str | None = Field(None, max_length=300)
    status: Agreement.Status | None = None
    signed_on: dt.date | None = None
    event: str | None = Field(None, max_length=80, description="event slug")
    region: str | None = Field(None, max_length=60, description="ISO 3166-2 code")
    sector: str | None = Field(None, max_length=60, description="sector code")
    counterparty_country: str | None = Field(None, max_length=60, description="ISO alpha-2")
    value_amount: Decimal | None = Field(None, ge=0, max_digits=20, decimal_places=2)
    value_currency: str | None = Field(None, max_length=3)
    value_date: dt.date | None = None
    description: str | None = Field(None, max_length=20_000)
    confidentiality: Confidentiality | None = None
    is_illustrative: bool | None = None
    projects: list[str] | None = Field(None, description="codes of the projects it became")
    portfolios: list[str] | None = Field(None, description="portfolio slugs")
    parties: list[PartyIn] | None = None
    reason: str | None = Field(None, max_length=500)


class AgreementIn(AgreementFieldsIn):
    title: str = Field(..., min_length=1, max_length=300)
    kind: Agreement.Kind
    code: str | None = Field(None, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")


class AgreementPatch(AgreementFieldsIn):
    title: str | None = Field(None, min_length=1, max_length=300)
    kind: Agreement.Kind | None = None


class EventOut(Schema):
    slug: str
    title: str
    title_ru: str
    title_kk: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: str
    region: str | None = None
    country: str | None = None
    description: str
    chair: str
    is_illustrative: bool
    participants: list[str]


class EventFieldsIn(Schema):
    title_ru: str | None = Field(None, max_length=300)
    title_kk: str | None = Field(None, max_length=300)
    ends_on: dt.date | None = None
    place: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=60)
    country: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=20_000)
    chair: str | None = Field(None, max_length=200)
    is_illustrative: bool | None = None
    participants: list[str] | None = Field(None, description="organization codes")
    reason: str | None = Field(None, max_length=500)


class EventIn(EventFieldsIn):
    slug: str = Field(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    title: str = Field(..., min_length=1, max_length=300)
    kind: Event.Kind
    starts_on: dt.date


class EventPatch(EventFieldsIn):
    title: str | None = Field(None, min_length=1, max_length=300)
    kind: Event.Kind | None = None
    starts_on: dt.date | None = None


def _references(values: dict[str, Any], user: Any) -> dict[str, Any]:
    """Codes in the request → the records the services take."""
    resolver = Resolver()
    values = dict(values)
    if values.get("region") is not None:
        values["region"] = resolver.region(values["region"], field="region")
    if values.get("sector") is not None:
        values["sector"] = resolver.sector(values["sector"], field="sector")
    for field in ("counterparty_country", "country"):
        if values.get(field) is not None:
            values[field] = resolver.country(values[field], field=field)
    if "event" in values:
        events = Event.objects.restrict(user, "view")
        unknown = _("Unknown event %(value)r.")
        values["event"] = known(events, "event", values["event"], unknown, field="slug")
    if "projects" in values:
        projects = Project.objects.restrict(user, "view")
        unknown = _("Unknown project(s): %(value)s.")
        values["projects"] = all_known(projects, "projects", values["projects"], unknown)
    if "portfolios" in values:
        unknown = _("Unknown portfolio(s): %(value)s.")
        values["portfolios"] = all_known(
            Portfolio.objects.all(), "portfolios", values["portfolios"], unknown, field="slug"
        )
    if "participants" in values:
        values["participants"] = [
            organization_by_code(c, field="participants") for c in values["participants"] or []
        ]
    if "parties" in values:
        parties = values.pop("parties")
        values["parties"] = (
            None
            if parties is None
            else [
                PartyInput(organization_by_code(p["organization"], field="parties"), str(p["role"]))
                for p in parties
            ]
        )
    settle_nulls(
        values,
        choices=("kind", "status", "confidentiality"),
        refuse=("is_illustrative", "title", "starts_on"),
        blank=("title_ru", "title_kk", "description", "place", "chair"),
    )
    return values


# --- agreements ------------------------------------------------------------------------------


def _agreement_create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Agreement:
    values = _references(data, user)
    if values.get("parties") is None:
        values.pop("parties", None)
    return agreement_create(actor=user, reason=reason, **values)


def _agreement_update(*, user: Any, reason: str, obj: Agreement, data: dict[str, Any]) -> Agreement:
    agreement, _changed = agreement_update(
        actor=user, reason=reason, agreement=obj, **_references(data, user)
    )
    return agreement


agreements = Resource(
    router,
    module=__name__,
    name="agreements",
    model=Agreement,
    path="/agreements/",
    payload=agreement_payload,
    noun="an agreement",
)
agreements.listing(
    AgreementFilters,
    agreement_list,
    batch(agreement_payloads),
    out=AgreementOut,
    sorts=AGREEMENT_SORTS,
    summary="List agreements",
)
agreements.create(AgreementIn, _agreement_create, out=AgreementDetailOut)
agreements.detail(AgreementDetailOut)
agreements.update(AgreementPatch, _agreement_update, out=AgreementDetailOut)
agreements.delete(calling(agreement_delete, "agreement"))
agreements.history(
    AgreementParty,
    summary="Who changed the agreement and its parties, when and why",
)


# --- events ----------------------------------------------------------------------------------


def _event_create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Event:
    values = _references(data, user)
    if Event.objects.filter(slug=values["slug"]).exists():
        raise ValidationError({"slug": _("An event with this code exists already.")})
    values["participants"] = values.get("participants") or []
    return event_create(actor=user, reason=reason, **values)


def _event_update(*, user: Any, reason: str, obj: Event, data: dict[str, Any]) -> Event:
    event, _changed = event_update(actor=user, reason=reason, event=obj, **_references(data, user))
    return event


events = Resource(
    router,
    module=__name__,
    name="events",
    model=Event,
    path="/events/",
    lookup="slug",
    payload=event_payload,
    noun="an event",
)
events.listing(
    EventFilters,
    event_list,
    batch(event_payloads),
    out=EventOut,
    sorts=EVENT_SORTS,
    default=("-starts_on", "slug"),
    summary="List events",
)
events.detail(EventOut)
events.create(EventIn, _event_create, out=EventOut)
events.update(EventPatch, _event_update, out=EventOut)
