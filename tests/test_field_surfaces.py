"""The fields users edit, against every surface that edits them: the services' field lists, the
import (and export) columns, the web form and the API's create payload.

A field is declared once, in its model; each surface lists it by the same name. This test fails
when a field users edit is missing from a surface, or a surface spells it differently, unless the
gap is one of the deliberate ones written down below with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import models

from keruen.agreements import forms as agreement_forms
from keruen.agreements import services as agreements
from keruen.agreements.models import Agreement, Event
from keruen.api.api import api
from keruen.imports.kinds import KINDS
from keruen.parties import forms as organization_forms
from keruen.parties import services as parties
from keruen.parties.models import Organization
from keruen.projects import forms as project_forms
from keruen.projects import services as projects
from keruen.projects.models import Project
from keruen.regions import forms as initiative_forms
from keruen.regions import services as initiatives
from keruen.regions.models import Initiative

#: Linked by the ingest pipeline when it applies a reviewed fact, never typed in.
LINKED_BY_INGEST = {"sources"}
#: Set by an initiative's moves (submit, present, match, convert), not by editing it.
INITIATIVE_FLOW = {"status", "status_since", "event", "investor", "project"}


@dataclass(frozen=True)
class Entity:
    model: type[models.Model]
    key: str
    #: Surface → the fields users edit that it leaves out on purpose.
    gaps: dict[str, set[str]] = field(default_factory=dict)
    #: Names on a surface that are not a field of the model (e.g. investors, given by rows).
    extras: set[str] = field(default_factory=set)


ENTITIES = {
    "projects": Entity(
        Project,
        "code",
        gaps={"form": {"code", "is_illustrative", "parent"}},
        extras={
            "investors",
            "investor_roles",
            "investor_shares",
            "investor_countries",
            "milestones",
        },
    ),
    "agreements": Entity(
        Agreement,
        "code",
        # the code is given by the services; portfolios are curated on the portfolio's side
        gaps={"form": {"code", "portfolios"}},
        extras={"parties", "party_roles"},
    ),
    # the form makes the slug from the title and year (`agreements.services.event_slug_for`)
    "events": Entity(Event, "slug", gaps={"services": {"participants"}, "form": {"slug"}}),
    "organizations": Entity(
        Organization,
        "code",
        gaps={"form": {"code"}},  # made from the name (`parties.services.organization_code_for`)
        extras={"aliases", "identifiers"},
    ),
    "initiatives": Entity(
        Initiative,
        "code",
        gaps={
            "services": INITIATIVE_FLOW | {"region"},  # the region is the services' own argument
            "form": INITIATIVE_FLOW | {"code", "is_illustrative", "region"},
            "api": INITIATIVE_FLOW | {"is_illustrative"},
        },
    ),
}

#: Surface → entity → the names it lists (services take the key as their own argument).
SURFACES: dict[str, dict[str, Any]] = {
    "services": {
        "projects": projects.PROJECT_FIELDS | projects.PROJECT_RELATIONS | {"code"},
        "agreements": agreements.AGREEMENT_FIELDS | agreements.AGREEMENT_RELATIONS | {"code"},
        "events": agreements.EVENT_FIELDS | {"slug"},
        "organizations": parties.ORGANIZATION_FIELDS | {"code"},
        "initiatives": initiatives.INITIATIVE_FIELDS | initiatives.INITIATIVE_RELATIONS | {"code"},
    },
    "columns": {kind: KINDS[kind].columns for kind in ENTITIES if kind in KINDS},
    "form": {
        "projects": project_forms.FIELDS,
        "initiatives": initiative_forms.FIELDS,
        "agreements": agreement_forms.AGREEMENT_FORM_FIELDS,
        "events": agreement_forms.EVENT_FORM_FIELDS,
        "organizations": organization_forms.FIELDS,
    },
}


def _api_create_payload(plural: str) -> set[str]:
    doc = api.get_openapi_schema(path_prefix="/api/v1/")
    body = doc["paths"][f"/api/v1/{plural}/"]["post"]["requestBody"]["content"]
    name = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(doc["components"]["schemas"][name]["properties"]) - {"reason"}


def edited_fields(model: type[models.Model]) -> set[str]:
    """The fields users enter: concrete or many-to-many, editable, not made by Django."""
    return {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and getattr(f, "editable", False)
        and not f.primary_key
    } - LINKED_BY_INGEST


CASES = [
    (surface, plural)
    for surface in ("services", "columns", "form", "api")
    for plural in ENTITIES
    if surface == "api" or plural in SURFACES[surface]
]


@pytest.mark.parametrize(("surface", "plural"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_each_surface_lists_the_fields_users_edit_by_their_names(surface: str, plural: str) -> None:
    entity = ENTITIES[plural]
    listed = set(_api_create_payload(plural) if surface == "api" else SURFACES[surface][plural])
    expected = edited_fields(entity.model) - entity.gaps.get(surface, set())
    assert sorted(expected - listed) == [], f"missing from the {surface} of {plural}"
    unknown = listed - edited_fields(entity.model) - entity.extras - LINKED_BY_INGEST
    assert sorted(unknown) == [], f"not a field of {entity.model.__name__} (misspelt?)"


def test_the_gaps_written_down_are_real() -> None:
    """A gap closed on its surface must leave this list too, so the list stays true."""
    for plural, entity in ENTITIES.items():
        for surface, gaps in entity.gaps.items():
            listed = set(
                _api_create_payload(plural) if surface == "api" else SURFACES[surface][plural]
            )
            assert not (gaps & listed), f"{plural}: {gaps & listed} is on the {surface} now"
            assert gaps <= edited_fields(entity.model) | {entity.key}
