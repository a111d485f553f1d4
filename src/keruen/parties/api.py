"""The API of organizations: /api/v1/organizations/ (investors, state bodies, akimats, banks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from keruen.api.crud import Resource, batch
from keruen.api.writes import known, settle_nulls
from keruen.parties.models import (
    Organization,
    OrganizationAlias,
    OrganizationIdentifier,
)
from keruen.parties.payloads import organization_payload, organization_payloads
from keruen.parties.selectors import (
    ORGANIZATION_SORTS,
    OrganizationFilters,
    organization_list,
)
from keruen.parties.services import organization_create, organization_update
from keruen.reference.selectors import Resolver

router = Router(tags=["organizations"])


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


def _values(data: dict[str, Any]) -> dict[str, Any]:
    resolver = Resolver()
    values = dict(data)
    if values.get("country") is not None:
        values["country"] = resolver.country(values["country"], field="country")
    if values.get("region") is not None:
        values["region"] = resolver.region(values["region"], field="region")
    if "parent" in values:
        unknown = _("Unknown organization %(value)r.")
        values["parent"] = known(Organization.objects.all(), "parent", values["parent"], unknown)
    settle_nulls(
        values,
        choices=("kind",),
        refuse=("name", "is_illustrative"),
        blank=("name_ru", "name_kk", "website"),
    )
    return values


def _create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Organization:
    aliases = [(a["alias"], str(a["script"])) for a in data.pop("aliases", [])]
    identifiers = [(str(i["scheme"]), i["value"]) for i in data.pop("identifiers", [])]
    values = _values(data)
    if values.get("code") and Organization.objects.filter(code=values["code"]).exists():
        raise ValidationError({"code": _("An organization with this code exists already.")})
    return organization_create(
        actor=user, reason=reason, aliases=aliases, identifiers=identifiers, **values
    )


def _update(*, user: Any, reason: str, obj: Organization, data: dict[str, Any]) -> Organization:
    organization_update(actor=user, reason=reason, organization=obj, **_values(data))
    return obj


organizations = Resource(
    router,
    module=__name__,
    name="organizations",
    model=Organization,
    path="/organizations/",
    payload=organization_payload,
    noun="an organization",
)
organizations.listing(
    OrganizationFilters,
    lambda *, user, filters: organization_list(filters=filters),  # the public list: any caller
    batch(organization_payloads),
    out=OrganizationOut,
    sorts=ORGANIZATION_SORTS,
    summary="List organizations",
)
organizations.detail(OrganizationOut)
organizations.create(OrganizationIn, _create, out=OrganizationOut)
organizations.update(OrganizationPatch, _update, out=OrganizationOut)
organizations.history(
    OrganizationAlias,
    OrganizationIdentifier,
    summary="Who changed the organization, its aliases and identifiers",
)
