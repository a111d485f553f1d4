"""The API of agreements and events: /api/v1/agreements/, /api/v1/events/."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.accounts.policy import CHANGE, DELETE, can, redact, restricted_visible
from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.selectors import AgreementFilters, agreement_list, event_list
from keruen.agreements.services import (
    PartyInput,
    agreement_create,
    agreement_delete,
    agreement_update,
    event_create,
    event_update,
)
from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import check_if_match, etag_of, item_response
from keruen.api.history import HistoryEntryOut, HistoryQuery, history_entries, history_rows
from keruen.api.ordering import apply_sort
from keruen.api.pagination import PageQuery, page_response, page_schema, paginate
from keruen.api.writes import (
    change_reason,
    object_for,
    refuse_unless,
    require_signed_in,
    require_writer,
)
from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project
from keruen.reference.selectors import Resolver

router = Router(tags=["agreements"])

LABEL = "agreements.agreement"


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


class AgreementQuery(PageQuery):
    event: str | None = Field(None, max_length=80, description="event slug")
    region: str | None = Field(None, max_length=6, description="ISO 3166-2 code")
    sector: str | None = Field(None, max_length=60)
    kind: Agreement.Kind | None = None
    status: Agreement.Status | None = None
    portfolio: str | None = Field(None, max_length=80)
    country: str | None = Field(None, max_length=2, description="counterparty, ISO alpha-2")
    confidentiality: Confidentiality | None = None
    q: str | None = Field(None, max_length=200)
    signed_from: dt.date | None = None
    signed_to: dt.date | None = None


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


class EventQuery(PageQuery):
    kind: Event.Kind | None = None
    region: str | None = Field(None, max_length=6)
    starts_from: dt.date | None = None
    starts_to: dt.date | None = None
    q: str | None = Field(None, max_length=200)


# --- payloads --------------------------------------------------------------------------------

AGREEMENT_SCALARS = [
    "code",
    "title",
    "title_ru",
    "title_kk",
    "kind",
    "status",
    "signed_on",
    "value_amount",
    "value_date",
    "value_usd",
    "description",
    "confidentiality",
    "is_illustrative",
    "created_at",
    "updated_at",
]
AGREEMENT_RENAMED = {
    "event__slug": "event",
    "region__code": "region",
    "sector__code": "sector",
    "counterparty_country__code": "counterparty_country",
    "value_currency_id": "value_currency",
}
AGREEMENT_SORTS = {
    "code": "code",
    "title": "title",
    "signed_on": "signed_on",
    "value_usd": "value_usd",
    "status": "status",
    "kind": "kind",
    "updated_at": "updated_at",
}


def _pairs(rows: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for pk, value in rows:
        out[pk].append(value)
    return out


def agreement_rows(pks: list[int], user: Any, *, detail: bool = False) -> list[dict[str, Any]]:
    """The API representation of the agreements `pks` (in that order), in fixed queries."""
    if not pks:
        return []
    rows = {
        r.pop("id"): r
        for r in Agreement.objects.filter(pk__in=pks).values(
            "id", *AGREEMENT_SCALARS, *AGREEMENT_RENAMED
        )
    }
    parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    org_ids: set[int] = set()
    for aid, org_id, code, name, role in (
        AgreementParty.objects.filter(agreement_id__in=pks)
        .order_by("agreement_id", "organization__code", "role")
        .values_list(
            "agreement_id", "organization_id", "organization__code", "organization__name", "role"
        )
    ):
        org_ids.add(org_id)
        parties[aid].append({"organization": code, "name": name, "role": role, "_org": org_id})
    visible_projects = Project.objects.restrict(user, "view")
    projects = _pairs(
        Agreement.projects.through.objects.filter(
            agreement_id__in=pks, project__in=visible_projects
        )
        .values_list("agreement_id", "project__code")
        .order_by("project__code")
    )
    portfolios = _pairs(
        Agreement.portfolios.through.objects.filter(agreement_id__in=pks)
        .values_list("agreement_id", "portfolio__slug")
        .order_by("portfolio__slug")
    )
    identifiers: dict[int, list[dict[str, str]]] = defaultdict(list)
    sources: dict[int, list[Any]] = {}
    if detail:
        from keruen.parties.models import OrganizationIdentifier

        for org_id, scheme, value in OrganizationIdentifier.objects.filter(
            organization_id__in=org_ids
        ).values_list("organization_id", "scheme", "value"):
            identifiers[org_id].append({"scheme": scheme, "value": value})
        sources = _pairs(
            Agreement.sources.through.objects.filter(agreement_id__in=pks)
            .values_list("agreement_id", "source__code")
            .order_by("source__code")
        )
    scoped = restricted_visible(user, Agreement, pks)
    out = []
    for pk in pks:
        row = rows.get(pk)
        if row is None:
            continue
        for old, new in AGREEMENT_RENAMED.items():
            row[new] = row.pop(old)
        plist = []
        for party in parties.get(pk, []):
            org = party.pop("_org")
            if detail:
                party["identifiers"] = identifiers.get(org, [])
            plist.append(party)
        row["parties"] = plist
        row["projects"] = projects.get(pk, [])
        row["portfolios"] = portfolios.get(pk, [])
        if detail:
            row["sources"] = sources.get(pk, [])
        out.append(redact(user, LABEL, row, in_scope=pk in scoped))
    return out


def agreement_payload(agreement: Agreement, user: Any) -> dict[str, Any]:
    return agreement_rows([agreement.pk], user, detail=True)[0]


def _org(code: str, field: str) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationError(
            {
                field: _("Unknown organization %(value)r: expected an organization code.")
                % {"value": code}
            }
        )
    return org


def _references(values: dict[str, Any], user: Any) -> dict[str, Any]:
    """Codes in the request → the records the services take."""
    resolver = Resolver()
    values = dict(values)
    values.pop("reason", None)
    if values.get("region") is not None:
        values["region"] = resolver.region(values["region"], field="region")
    if values.get("sector") is not None:
        values["sector"] = resolver.sector(values["sector"], field="sector")
    for field in ("counterparty_country", "country"):
        if values.get(field) is not None:
            values[field] = resolver.country(values[field], field=field)
    if values.get("event") is not None:
        event = Event.objects.restrict(user, "view").filter(slug=values["event"]).first()
        if event is None:
            raise ValidationError(
                {"event": _("Unknown event %(value)r.") % {"value": values["event"]}}
            )
        values["event"] = event
    if "projects" in values:
        codes = values["projects"] or []
        found = {p.code: p for p in Project.objects.restrict(user, "view").filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(
                {"projects": _("Unknown project(s): %(value)s.") % {"value": ", ".join(missing)}}
            )
        values["projects"] = [found[c] for c in codes]
    if "portfolios" in values:
        slugs = values["portfolios"] or []
        pf = {p.slug: p for p in Portfolio.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in pf]
        if missing:
            raise ValidationError(
                {
                    "portfolios": _("Unknown portfolio(s): %(value)s.")
                    % {"value": ", ".join(missing)}
                }
            )
        values["portfolios"] = [pf[s] for s in slugs]
    if "participants" in values:
        values["participants"] = [_org(c, "participants") for c in values["participants"] or []]
    if "parties" in values:
        parties = values.pop("parties")
        values["parties"] = (
            None
            if parties is None
            else [PartyInput(_org(p["organization"], "parties"), str(p["role"])) for p in parties]
        )
    for field in ("kind", "status", "confidentiality"):
        if field in values:
            if values[field] is None:
                raise ValidationError({field: _("This field cannot be empty.")})
            values[field] = str(values[field])
    for field in ("title_ru", "title_kk", "description", "place", "chair"):
        if field in values and values[field] is None:
            values[field] = ""
    for field in ("is_illustrative", "title", "starts_on"):
        if field in values and values[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})
    return values


# --- agreements ------------------------------------------------------------------------------


@router.get("/agreements/", response=page_schema(AgreementOut), summary="List agreements")
def agreements_list(request: HttpRequest, query: Query[AgreementQuery]) -> HttpResponse:
    user = current_user(request)
    filters = AgreementFilters(
        event=query.event,
        region=query.region,
        sector=query.sector,
        kind=str(query.kind) if query.kind else None,
        status=str(query.status) if query.status else None,
        portfolio=query.portfolio,
        country=query.country,
        q=query.q,
        confidentiality=str(query.confidentiality) if query.confidentiality else None,
        signed_from=query.signed_from,
        signed_to=query.signed_to,
    )
    qs = apply_sort(
        agreement_list(user=user, filters=filters), query.sort, AGREEMENT_SORTS, ("code",)
    )
    count, page = paginate(qs, query)
    return page_response(count, agreement_rows(list(page.values_list("pk", flat=True)), user))


@router.post(
    "/agreements/",
    response={201: AgreementDetailOut, **PROBLEM_RESPONSES},
    summary="Create an agreement",
)
def agreements_create(request: HttpRequest, body: AgreementIn) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Created through the API")
    values = _references(data, user)
    if values.get("parties") is None:
        values.pop("parties", None)
    with transaction.atomic():
        agreement = agreement_create(actor=user, reason=reason, **values)
        refuse_unless(can(user, CHANGE, agreement))
    response = item_response(request, agreement_payload(agreement, user), status=201)
    response["Location"] = f"/api/v1/agreements/{agreement.code}"
    return response


@router.get(
    "/agreements/{code}",
    response={200: AgreementDetailOut, **PROBLEM_RESPONSES},
    summary="One agreement",
)
def agreements_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = current_user(request)
    agreement = object_for(Agreement.objects.filter(code=code), user, "view")
    return item_response(request, agreement_payload(agreement, user))


@router.patch(
    "/agreements/{code}",
    response={200: AgreementDetailOut, **PROBLEM_RESPONSES},
    summary="Change an agreement (send If-Match with the ETag you read)",
)
def agreements_update(request: HttpRequest, code: str, body: AgreementPatch) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    agreement = object_for(Agreement.objects.filter(code=code), user, CHANGE)
    check_if_match(request, etag_of(agreement_payload(agreement, user)))
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Changed through the API")
    values = _references(data, user)
    with transaction.atomic():
        agreement, _changed = agreement_update(
            actor=user, reason=reason, agreement=agreement, **values
        )
        refuse_unless(can(user, CHANGE, agreement))
    return item_response(request, agreement_payload(agreement, user))


@router.delete(
    "/agreements/{code}", response={204: None, **PROBLEM_RESPONSES}, summary="Delete an agreement"
)
def agreements_delete(request: HttpRequest, code: str) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    agreement = object_for(Agreement.objects.filter(code=code), user, DELETE)
    check_if_match(request, etag_of(agreement_payload(agreement, user)))
    reason = change_reason(request, None, default="Deleted through the API")
    agreement_delete(actor=user, reason=reason, agreement=agreement)
    return HttpResponse(status=204)


@router.get(
    "/agreements/{code}/history",
    response={200: page_schema(HistoryEntryOut), **PROBLEM_RESPONSES},
    summary="Who changed the agreement and its parties, when and why",
)
def agreements_history(request: HttpRequest, code: str, query: Query[HistoryQuery]) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    agreement = object_for(Agreement.objects.filter(code=code), user, "view")
    rows = history_rows(
        Agreement.history.filter(id=agreement.pk),
        AgreementParty.history.filter(agreement_id=agreement.pk),
    )
    page = rows[query.offset : query.offset + query.limit]
    in_scope = bool(restricted_visible(user, Agreement, [agreement.pk]))
    return page_response(len(rows), history_entries(page, user=user, in_scope=in_scope))


# --- events ----------------------------------------------------------------------------------

EVENT_SCALARS = [
    "slug",
    "title",
    "title_ru",
    "title_kk",
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "description",
    "chair",
    "is_illustrative",
]
EVENT_RENAMED = {"region__code": "region", "country__code": "country"}
EVENT_SORTS = {"slug": "slug", "title": "title", "starts_on": "starts_on", "kind": "kind"}


def event_rows(pks: list[int]) -> list[dict[str, Any]]:
    if not pks:
        return []
    rows = {
        r.pop("id"): r
        for r in Event.objects.filter(pk__in=pks).values("id", *EVENT_SCALARS, *EVENT_RENAMED)
    }
    participants = _pairs(
        Event.participants.through.objects.filter(event_id__in=pks)
        .values_list("event_id", "organization__code")
        .order_by("organization__code")
    )
    out = []
    for pk in pks:
        row = rows[pk]
        for old, new in EVENT_RENAMED.items():
            row[new] = row.pop(old)
        row["participants"] = participants.get(pk, [])
        out.append(row)
    return out


@router.get("/events/", response=page_schema(EventOut), summary="List events")
def events_list(request: HttpRequest, query: Query[EventQuery]) -> HttpResponse:
    user = current_user(request)
    qs = event_list(
        user=user,
        kind=str(query.kind) if query.kind else None,
        region=query.region,
        starts_from=query.starts_from,
        starts_to=query.starts_to,
        q=query.q,
    )
    qs = apply_sort(qs, query.sort, EVENT_SORTS, ("-starts_on", "slug"))
    count, page = paginate(qs, query)
    return page_response(count, event_rows(list(page.values_list("pk", flat=True))))


@router.get("/events/{slug}", response={200: EventOut, **PROBLEM_RESPONSES}, summary="One event")
def events_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = current_user(request)
    event = object_for(Event.objects.filter(slug=slug), user, "view")
    return item_response(request, event_rows([event.pk])[0])


@router.post("/events/", response={201: EventOut, **PROBLEM_RESPONSES}, summary="Create an event")
def events_create(request: HttpRequest, body: EventIn) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Created through the API")
    values = _references(data, user)
    if Event.objects.filter(slug=values["slug"]).exists():
        raise ValidationError({"slug": _("An event with this code exists already.")})
    values["participants"] = values.get("participants") or []
    with transaction.atomic():
        event = event_create(actor=user, reason=reason, **values)
        refuse_unless(can(user, CHANGE, event))
    response = item_response(request, event_rows([event.pk])[0], status=201)
    response["Location"] = f"/api/v1/events/{event.slug}"
    return response


@router.patch(
    "/events/{slug}",
    response={200: EventOut, **PROBLEM_RESPONSES},
    summary="Change an event (send If-Match with the ETag you read)",
)
def events_update(request: HttpRequest, slug: str, body: EventPatch) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    event = object_for(Event.objects.filter(slug=slug), user, CHANGE)
    check_if_match(request, etag_of(event_rows([event.pk])[0]))
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Changed through the API")
    values = _references(data, user)
    with transaction.atomic():
        event, _changed = event_update(actor=user, reason=reason, event=event, **values)
        refuse_unless(can(user, CHANGE, event))
    return item_response(request, event_rows([event.pk])[0])
