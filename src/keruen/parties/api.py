"""The API of organizations: /api/v1/organizations/ (investors, state bodies, akimats, banks)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.accounts.policy import CHANGE, can, redact, restricted_visible
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
from keruen.parties.models import (
    Organization,
    OrganizationAlias,
    OrganizationIdentifier,
)
from keruen.parties.selectors import organization_list
from keruen.parties.services import organization_create, organization_update
from keruen.reference.selectors import Resolver

router = Router(tags=["organizations"])

LABEL = "parties.organization"


class AliasOut(Schema):
    alias: str
    script: str


class IdentifierOut(Schema):
    scheme: str
    value: str


class OrganizationOut(Schema):
    code: str
    name: str
    name_ru: str
    name_kk: str
    kind: str
    country: str | None = None
    region: str | None = None
    parent: str | None = None
    website: str
    is_illustrative: bool
    aliases: list[AliasOut]
    identifiers: list[IdentifierOut] | None = Field(None, description="restricted")
    created_at: dt.datetime
    updated_at: dt.datetime


class AliasIn(Schema):
    alias: str = Field(..., min_length=1, max_length=300)
    script: OrganizationAlias.Script


class IdentifierIn(Schema):
    scheme: OrganizationIdentifier.Scheme
    value: str = Field(..., min_length=1, max_length=40)


class OrganizationFieldsIn(Schema):
    name_ru: str | None = Field(None, max_length=300)
    name_kk: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=60, description="ISO alpha-2")
    region: str | None = Field(None, max_length=60, description="ISO 3166-2 code")
    parent: str | None = Field(None, max_length=80, description="parent organization code")
    website: str | None = Field(None, max_length=200)
    is_illustrative: bool | None = None
    reason: str | None = Field(None, max_length=500)


class OrganizationIn(OrganizationFieldsIn):
    name: str = Field(..., min_length=1, max_length=300)
    kind: Organization.Kind
    code: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    aliases: list[AliasIn] = []
    identifiers: list[IdentifierIn] = []


class OrganizationPatch(OrganizationFieldsIn):
    name: str | None = Field(None, min_length=1, max_length=300)
    kind: Organization.Kind | None = None


class OrganizationQuery(PageQuery):
    kind: Organization.Kind | None = None
    country: str | None = Field(None, max_length=2, description="ISO alpha-2")
    region: str | None = Field(None, max_length=6, description="ISO 3166-2 code")
    q: str | None = Field(None, max_length=200, description="names in any script, aliases")


SCALARS = [
    "code",
    "name",
    "name_ru",
    "name_kk",
    "kind",
    "website",
    "is_illustrative",
    "created_at",
    "updated_at",
]
RENAMED = {"country__code": "country", "region__code": "region", "parent__code": "parent"}
SORTS = {"code": "code", "name": "name", "kind": "kind", "updated_at": "updated_at"}


def organization_rows(pks: list[int], user: Any) -> list[dict[str, Any]]:
    if not pks:
        return []
    rows = {
        r.pop("id"): r
        for r in Organization.objects.filter(pk__in=pks).values("id", *SCALARS, *RENAMED)
    }
    aliases: dict[int, list[dict[str, str]]] = defaultdict(list)
    for org_id, alias, script in (
        OrganizationAlias.objects.filter(organization_id__in=pks)
        .order_by("organization_id", "alias")
        .values_list("organization_id", "alias", "script")
    ):
        aliases[org_id].append({"alias": alias, "script": script})
    identifiers: dict[int, list[dict[str, str]]] = defaultdict(list)
    for org_id, scheme, value in (
        OrganizationIdentifier.objects.filter(organization_id__in=pks)
        .order_by("organization_id", "scheme", "value")
        .values_list("organization_id", "scheme", "value")
    ):
        identifiers[org_id].append({"scheme": scheme, "value": value})
    scoped = restricted_visible(user, Organization, pks)
    out = []
    for pk in pks:
        row = rows[pk]
        for old, new in RENAMED.items():
            row[new] = row.pop(old)
        row["aliases"] = aliases.get(pk, [])
        row["identifiers"] = identifiers.get(pk, [])
        out.append(redact(user, LABEL, row, in_scope=pk in scoped))
    return out


def _values(data: dict[str, Any]) -> dict[str, Any]:
    resolver = Resolver()
    values = dict(data)
    values.pop("reason", None)
    if values.get("country") is not None:
        values["country"] = resolver.country(values["country"], field="country")
    if values.get("region") is not None:
        values["region"] = resolver.region(values["region"], field="region")
    if values.get("parent") is not None:
        parent = Organization.objects.filter(code=values["parent"]).first()
        if parent is None:
            raise ValidationError(
                {"parent": _("Unknown organization %(value)r.") % {"value": values["parent"]}}
            )
        values["parent"] = parent
    for field in ("name_ru", "name_kk", "website"):
        if field in values and values[field] is None:
            values[field] = ""
    for field in ("kind", "name", "is_illustrative"):
        if field in values and values[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})
    if "kind" in values:
        values["kind"] = str(values["kind"])
    return values


@router.get("/organizations/", response=page_schema(OrganizationOut), summary="List organizations")
def organizations_list(request: HttpRequest, query: Query[OrganizationQuery]) -> HttpResponse:
    user = current_user(request)
    qs = organization_list(kind=str(query.kind) if query.kind else None, q=query.q)
    if query.country:
        qs = qs.filter(country__code=query.country.upper())
    if query.region:
        qs = qs.filter(region__code=query.region)
    qs = apply_sort(qs, query.sort, SORTS, ("code",))
    count, page = paginate(qs, query)
    return page_response(count, organization_rows(list(page.values_list("pk", flat=True)), user))


@router.get(
    "/organizations/{code}",
    response={200: OrganizationOut, **PROBLEM_RESPONSES},
    summary="One organization",
)
def organizations_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = current_user(request)
    org = object_for(Organization.objects.filter(code=code), user, "view")
    return item_response(request, organization_rows([org.pk], user)[0])


@router.post(
    "/organizations/",
    response={201: OrganizationOut, **PROBLEM_RESPONSES},
    summary="Create an organization",
)
def organizations_create(request: HttpRequest, body: OrganizationIn) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Created through the API")
    aliases = [(a["alias"], str(a["script"])) for a in data.pop("aliases", [])]
    identifiers = [(str(i["scheme"]), i["value"]) for i in data.pop("identifiers", [])]
    values = _values(data)
    if values.get("code") and Organization.objects.filter(code=values["code"]).exists():
        raise ValidationError({"code": _("An organization with this code exists already.")})
    with transaction.atomic():
        org = organization_create(
            actor=user, reason=reason, aliases=aliases, identifiers=identifiers, **values
        )
        refuse_unless(can(user, CHANGE, org))
    response = item_response(request, organization_rows([org.pk], user)[0], status=201)
    response["Location"] = f"/api/v1/organizations/{org.code}"
    return response


@router.patch(
    "/organizations/{code}",
    response={200: OrganizationOut, **PROBLEM_RESPONSES},
    summary="Change an organization (send If-Match with the ETag you read)",
)
def organizations_update(request: HttpRequest, code: str, body: OrganizationPatch) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    org = object_for(Organization.objects.filter(code=code), user, CHANGE)
    check_if_match(request, etag_of(organization_rows([org.pk], user)[0]))
    data = body.dict(exclude_unset=True)
    reason = change_reason(request, data.get("reason"), default="Changed through the API")
    values = _values(data)
    with transaction.atomic():
        organization_update(actor=user, reason=reason, organization=org, **values)
        refuse_unless(can(user, CHANGE, org))
    return item_response(request, organization_rows([org.pk], user)[0])


@router.get(
    "/organizations/{code}/history",
    response={200: page_schema(HistoryEntryOut), **PROBLEM_RESPONSES},
    summary="Who changed the organization, its aliases and identifiers",
)
def organizations_history(
    request: HttpRequest, code: str, query: Query[HistoryQuery]
) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    org = object_for(Organization.objects.filter(code=code), user, "view")
    rows = history_rows(
        Organization.history.filter(id=org.pk),
        OrganizationAlias.history.filter(organization_id=org.pk),
        OrganizationIdentifier.history.filter(organization_id=org.pk),
    )
    page = rows[query.offset : query.offset + query.limit]
    in_scope = bool(restricted_visible(user, Organization, [org.pk]))
    return page_response(len(rows), history_entries(page, user=user, in_scope=in_scope))
