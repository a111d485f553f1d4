"""Who may do what through the API: one table of role × endpoint × method, every cell asserted.

The world: a KZ-19 project (public), a KZ-31 project curated by the officer's ministry (public), a
restricted KZ-31 project, a KZ-19 agreement and event, a portfolio. Each cell runs in its own
savepoint, so writes of one cell never change what the next one sees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from keruen.agreements.services import agreement_create, event_create
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

ROLES = ["public", "analyst", "editor", "officer", "coordinator", "admin"]

#: (method, path, body, expected status per role in ROLES order)
R, W401 = 200, 401
TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("GET", "/api/v1/projects/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/projects/M-19", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/projects/M-R31", None, (404, 404, 404, 404, R, R)),
    ("GET", "/api/v1/projects/M-19/history", None, (401, R, R, R, R, R)),
    ("PATCH", "/api/v1/projects/M-19", {"description": "x"}, (401, 403, R, 403, R, R)),
    ("PATCH", "/api/v1/projects/M-31", {"description": "x"}, (401, 403, 403, R, R, R)),
    ("PATCH", "/api/v1/projects/M-R31", {"description": "x"}, (401, 403, 404, 404, R, R)),
    (
        "POST",
        "/api/v1/projects/",
        {"title": "New", "regions": ["KZ-19"]},
        (401, 403, 201, 403, 201, 201),
    ),
    (
        "POST",
        "/api/v1/projects/",
        {"title": "New", "regions": ["KZ-31"], "curator": "m-ministry"},
        (401, 403, 403, 201, 201, 201),
    ),
    ("DELETE", "/api/v1/projects/M-19", None, (401, 403, 403, 403, 204, 204)),
    ("GET", "/api/v1/agreements/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/agreements/M-A19", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/agreements/M-A19/history", None, (401, R, R, R, R, R)),
    ("PATCH", "/api/v1/agreements/M-A19", {"description": "x"}, (401, 403, R, 403, R, R)),
    (
        "POST",
        "/api/v1/agreements/",
        {"title": "New", "kind": "mou", "region": "KZ-19"},
        (401, 403, 201, 403, 201, 201),
    ),
    ("DELETE", "/api/v1/agreements/M-A19", None, (401, 403, 403, 403, 204, 204)),
    ("GET", "/api/v1/events/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/events/m-forum", None, (R, R, R, R, R, R)),
    ("PATCH", "/api/v1/events/m-forum", {"place": "Konaev"}, (401, 403, R, 403, R, R)),
    (
        "POST",
        "/api/v1/events/",
        {
            "slug": "new-ev",
            "title": "Forum",
            "kind": "forum",
            "starts_on": "2025-06-01",
            "region": "KZ-19",
        },
        (401, 403, 201, 403, 201, 201),
    ),
    ("GET", "/api/v1/organizations/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/organizations/m-ministry", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/organizations/m-ministry/history", None, (401, R, R, R, R, R)),
    (
        "PATCH",
        "/api/v1/organizations/m-ministry",
        {"website": "https://example.org"},
        (401, 403, 403, R, R, R),
    ),
    (
        "POST",
        "/api/v1/organizations/",
        {"name": "New Co LLP", "kind": "company"},
        (401, 403, 403, 403, 201, 201),
    ),
    ("GET", "/api/v1/portfolios/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/portfolios/m-pf", None, (R, R, R, R, R, R)),
    (
        "POST",
        "/api/v1/portfolios/",
        {"slug": "new-pf", "name": "P"},
        (401, 403, 403, 403, 201, 201),
    ),
    ("GET", "/api/v1/regions/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/regions/KZ-19", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/sectors/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/sectors/energy", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/countries/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/currencies/", None, (R, R, R, R, R, R)),
    ("GET", "/api/v1/fx-rates/", None, (R, R, R, R, R, R)),
    (
        "POST",
        "/api/v1/fx-rates/",
        {"currency": "KZT", "date": "2030-01-01", "units_per_usd": "500", "source": "test"},
        (401, 403, 403, 403, 201, 201),
    ),
    ("GET", "/api/v1/history/", None, (401, 403, 403, 403, R, R)),
]

CELLS = [
    pytest.param(method, path, body, role, expected[i], id=f"{method} {path} {role}")
    for method, path, body, expected in TABLE
    for i, role in enumerate(ROLES)
]


@pytest.fixture(scope="module")
def tokens(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str | None]]:
    with django_db_blocker.unblock(), transaction.atomic():
        ministry = OrganizationFactory(code="m-ministry", name="Test Ministry", kind="ministry")
        other = OrganizationFactory(code="m-other", name="Other Agency", kind="agency")
        pf = PortfolioFactory(slug="m-pf")
        ProjectFactory(code="M-19", regions=["KZ-19"], curator=other, portfolios=[pf.slug])
        ProjectFactory(code="M-31", regions=["KZ-31"], curator=ministry)
        ProjectFactory(code="M-R31", regions=["KZ-31"], confidentiality="restricted", curator=other)
        event = event_create(
            actor=None,
            reason="t",
            slug="m-forum",
            title="Forum",
            kind="forum",
            starts_on="2025-06-01",
            region=_region("KZ-19"),
        )
        agreement_create(
            actor=None,
            reason="t",
            code="M-A19",
            title="MoU",
            kind="mou",
            event=event,
            region=_region("KZ-19"),
        )
        users = {
            "analyst": make_user("analyst"),
            "editor": make_user("regional_editor", regions=["KZ-19"]),
            "officer": make_user("agency_officer", organization=ministry.code),
            "coordinator": make_user("coordinator"),
            "admin": make_user("admin"),
        }
        out: dict[str, str | None] = {"public": None}
        out.update({role: token_for(u) for role, u in users.items()})
        yield out
        transaction.set_rollback(True)


def _region(code: str) -> Any:
    from keruen.reference.models import Region

    return Region.objects.get(code=code)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CELLS)
def test_cell(
    tokens: dict[str, str | None],
    method: str,
    path: str,
    body: dict[str, Any] | None,
    role: str,
    expected: int,
) -> None:
    client = Client()
    kwargs: dict[str, Any] = bearer(tokens[role])
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(client, method.lower())(path, **kwargs)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected


def test_every_api_operation_is_in_the_table() -> None:
    """A new endpoint must join the table, or this fails."""
    from keruen.api.api import api

    schema = api.get_openapi_schema()
    table = {(m, p) for m, p, _b, _e in TABLE}
    templated = {(m, _template(p)) for m, p in table}
    missing = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if not OWN.match(path):
                continue  # other apps' routers test their own access
            if (method.upper(), path) not in templated:
                missing.append(f"{method.upper()} {path}")
    assert not missing, missing


KEYS = {"events": "slug", "portfolios": "slug"}
#: The operations of the registry's routers (other apps' routers test their own access).
OWN = re.compile(
    r"^/api/v1/(projects|agreements|events|organizations|portfolios|regions|sectors|countries"
    r"|currencies|fx-rates|history)/(\{\w+\}(/history)?)?$"
)


def _template(path: str) -> str:
    """/api/v1/projects/M-19/history → /api/v1/projects/{code}/history"""
    parts = path.split("/")
    if len(parts) > 4 and parts[4]:
        parts[4] = "{" + KEYS.get(parts[3], "code") + "}"
    return "/".join(parts)
