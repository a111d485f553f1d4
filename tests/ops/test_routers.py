"""The replica router: which alias each read and write goes to; and, with the `replica` alias
present, that list pages read from it while writes, and the reads just after them, do not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client

from keruen.accounts.services import user_create
from keruen.ops.middleware import PIN_COOKIE
from keruen.ops.routers import REPLICA, ReplicaRouter, replica_reads
from keruen.projects.models import Project
from tests.factories import ProjectFactory

router = ReplicaRouter()


def test_reads_go_to_the_primary_outside_replica_reads() -> None:
    assert router.db_for_read(Project) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_inside_replica_reads_until_a_write() -> None:
    with replica_reads():
        assert router.db_for_read(Project) == REPLICA
        assert router.db_for_write(Project) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Project) == DEFAULT_DB_ALIAS  # read-after-write
    with replica_reads():
        assert router.db_for_read(Project) == REPLICA  # a new unit of work starts afresh
    assert router.db_for_read(Project) == DEFAULT_DB_ALIAS


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there() -> None:
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Project) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only() -> None:
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "projects")
    assert not router.allow_migrate(REPLICA, "projects")


class RecordingRouter(ReplicaRouter):
    """The router, noting where it sends each read and write."""

    choices: list[tuple[str, str, str]] = []

    def db_for_read(self, model: type, **hints: Any) -> str:
        alias = super().db_for_read(model, **hints)
        self.choices.append(("read", model._meta.label, alias))  # type: ignore[attr-defined]
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        alias = super().db_for_write(model, **hints)
        self.choices.append(("write", model._meta.label, alias))  # type: ignore[attr-defined]
        return alias


@pytest.fixture
def routed(settings) -> Iterator[list[tuple[str, str, str]]]:
    """The `replica` alias as DATABASE_REPLICA_URL adds it, here on the test's own connection
    (so that it sees the test's rows), and the router's choices."""
    connections.settings[REPLICA] = connections[DEFAULT_DB_ALIAS].settings_dict
    connections[REPLICA] = connections[DEFAULT_DB_ALIAS]
    settings.DATABASE_ROUTERS = [f"{__name__}.RecordingRouter"]
    RecordingRouter.choices = []
    try:
        yield RecordingRouter.choices
    finally:
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _where(choices: list[tuple[str, str, str]], kind: str, label: str) -> set[str]:
    return {alias for k, m, alias in choices if k == kind and m == label}


@pytest.mark.django_db
def test_list_pages_read_from_the_replica(client: Client, routed) -> None:
    ProjectFactory(code="P-REPLICA")
    routed.clear()
    response = client.get("/projects/")
    assert response.status_code == 200
    assert "P-REPLICA" in response.content.decode()
    assert _where(routed, "read", "projects.Project") == {REPLICA}
    assert not [c for c in routed if c[0] == "write"]


@pytest.mark.django_db
def test_writes_go_to_the_primary_and_pin_the_next_reads(client: Client, routed) -> None:
    user = user_create(
        actor=None,
        reason="test",
        username="u-coord",
        role="coordinator",
        password="Bars-web-2026!x",
    )
    client.force_login(user)
    ProjectFactory(code="P-PIN", title="Old title")
    page = client.get("/projects/P-PIN/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(title="New title", reason="test")
    routed.clear()
    response = client.post("/projects/P-PIN/edit/", data)
    assert response.status_code == 302
    assert _where(routed, "write", "projects.Project") == {DEFAULT_DB_ALIAS}
    assert _where(routed, "read", "projects.Project") == {DEFAULT_DB_ALIAS}
    assert PIN_COOKIE in response.cookies

    routed.clear()
    html = client.get("/projects/P-PIN/").content.decode()
    assert "New title" in html
    assert _where(routed, "read", "projects.Project") == {DEFAULT_DB_ALIAS}  # read-after-write

    client.cookies.pop(PIN_COOKIE)  # the pin has expired
    routed.clear()
    client.get("/projects/P-PIN/")
    assert _where(routed, "read", "projects.Project") == {REPLICA}
