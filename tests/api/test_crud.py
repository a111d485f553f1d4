"""The item operations every entity's API shares (`keruen.api.crud`), tested once per entity.

Each `Entity` says how to make one record, where it lives and what a change looks like; the
tests check the list, the detail with its ETag (304 on If-None-Match), a change with a current
If-Match (200, new ETag) and a stale one (412, nothing changed), deleting, and the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from keruen.agreements.models import Agreement, Event
from keruen.agreements.services import agreement_create, event_create
from keruen.instructions.models import Instruction
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.regions.models import Initiative
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import OrganizationFactory, ProjectFactory
from tests.instructions.factories import instruction
from tests.regions.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Entity:
    path: str  # the collection, "/api/v1/projects/"
    model: Any
    make: Callable[[], Any]
    change: dict[str, Any]  # a PATCH body, and the field it changes to check it
    key: str = "code"
    deletes: bool = False
    history: bool = False
    public_patch: int = 401  # what the public gets when it tries to change the record

    def url(self, obj: Any) -> str:
        return f"{self.path}{getattr(obj, self.key)}"

    def field(self) -> str:
        return next(iter(self.change))


ENTITIES = {
    "projects": Entity(
        "/api/v1/projects/",
        Project,
        lambda: ProjectFactory(regions=["KZ-19"]),
        {"description": "road built"},
        deletes=True,
        history=True,
    ),
    "agreements": Entity(
        "/api/v1/agreements/",
        Agreement,
        lambda: agreement_create(actor=None, reason="t", title="MoU", kind="mou"),
        {"description": "signed at the forum"},
        deletes=True,
        history=True,
    ),
    "events": Entity(
        "/api/v1/events/",
        Event,
        lambda: event_create(
            actor=None,
            reason="t",
            slug="forum-x",
            title="Forum",
            kind="forum",
            starts_on=dt.date(2025, 6, 2),
        ),
        {"place": "Astana"},
        key="slug",
    ),
    "organizations": Entity(
        "/api/v1/organizations/",
        Organization,
        OrganizationFactory,
        {"website": "https://example.kz"},
        history=True,
    ),
    "instructions": Entity(
        "/api/v1/instructions/",
        Instruction,
        instruction,
        {"expected_result": "a road"},
        key="pk",
        public_patch=404,
    ),
    "initiatives": Entity(
        "/api/v1/initiatives/",
        Initiative,
        lambda: InitiativeFactory(region="KZ-19"),
        {"description": "a glass works"},
        public_patch=404,
    ),
}


@pytest.fixture(params=sorted(ENTITIES))
def entity(request: pytest.FixtureRequest) -> Entity:
    return ENTITIES[request.param]


@pytest.fixture
def coord() -> str:
    return token_for(make_user("coordinator", username="coord"))


def test_the_list_shows_it(entity: Entity, coord: str) -> None:
    obj = entity.make()
    r = call("GET", entity.path, coord)
    assert r.status_code == 200
    keys = [str(i.get(entity.key if entity.key != "pk" else "id")) for i in r.json()["items"]]
    assert str(getattr(obj, entity.key)) in keys


def test_the_detail_has_an_etag_and_answers_304_when_current(entity: Entity, coord: str) -> None:
    obj = entity.make()
    r = call("GET", entity.url(obj), coord)
    assert r.status_code == 200 and r["ETag"].startswith('"')
    assert call("GET", entity.url(obj), coord, HTTP_IF_NONE_MATCH=r["ETag"]).status_code == 304
    assert call("GET", f"{entity.path}0404", coord).status_code == 404


def test_a_change_needs_the_current_if_match(entity: Entity, coord: str) -> None:
    obj = entity.make()
    etag = call("GET", entity.url(obj), coord)["ETag"]
    changed = call("PATCH", entity.url(obj), coord, entity.change, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed.json()[entity.field()] == entity.change[entity.field()]
    assert changed["ETag"] != etag
    stale = call("PATCH", entity.url(obj), coord, {entity.field(): "again"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    fresh = entity.model.objects.get(pk=obj.pk)
    assert getattr(fresh, entity.field()) == entity.change[entity.field()]
    assert call("PATCH", entity.url(obj), None, entity.change).status_code == entity.public_patch


def test_delete_honours_if_match(entity: Entity, coord: str) -> None:
    obj = entity.make()
    if not entity.deletes:
        assert call("DELETE", entity.url(obj), coord).status_code == 405
        return
    etag = call("GET", entity.url(obj), coord)["ETag"]
    call("PATCH", entity.url(obj), coord, entity.change, HTTP_IF_MATCH=etag)
    assert call("DELETE", entity.url(obj), coord, HTTP_IF_MATCH=etag).status_code == 412
    assert entity.model.objects.filter(pk=obj.pk).exists()
    assert call("DELETE", entity.url(obj), coord).status_code == 204
    assert not entity.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("name", sorted(n for n, e in ENTITIES.items() if e.history))
def test_history_tells_who_changed_what_and_why(name: str, coord: str) -> None:
    entity = ENTITIES[name]
    obj = entity.make()
    call("PATCH", entity.url(obj), coord, entity.change, HTTP_X_KERUEN_REASON="akimat letter")
    top = call("GET", f"{entity.url(obj)}/history", coord).json()["items"][0]
    assert top["user"] == "coord" and top["reason"] == "akimat letter"
    assert top["changes"][0]["field"] == entity.field()
    assert call("GET", f"{entity.url(obj)}/history").status_code == 401
