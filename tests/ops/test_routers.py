"""The replica router: which alias each read and write goes to, and, with a second alias on the
test database standing in for the replica, that list pages read from it and writes do not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


@pytest.fixture
def replica(settings) -> Iterator[BaseDatabaseWrapper]:
    """A second alias on the test database, as DATABASE_REPLICA_URL would add one; the tests
    commit (transaction=True) so that it sees their rows."""
    connections.settings[REPLICA] = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    settings.DATABASE_ROUTERS = ["keruen.ops.routers.ReplicaRouter"]
    # Connected here: the test case only lets aliases it knew at its start connect by themselves.
    connections[REPLICA].connect()
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


# Committed rows, and the reference data restored after the flush.
on_committed_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@on_committed_data
def test_list_pages_read_from_the_replica(client: Client, replica: BaseDatabaseWrapper) -> None:
    ProjectFactory(code="P-REPLICA")
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        response = client.get("/projects/")
    assert response.status_code == 200
    assert "P-REPLICA" in response.content.decode()
    assert "projects_project" in _tables(on_replica)
    assert "projects_project" not in _tables(on_primary)


@on_committed_data
def test_writes_go_to_the_primary_and_pin_the_next_reads(
    client: Client, replica: BaseDatabaseWrapper
) -> None:
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
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        response = client.post("/projects/P-PIN/edit/", data)
    assert response.status_code == 302
    assert 'UPDATE "projects_project"' in _tables(on_primary)
    assert "projects_project" not in _tables(on_replica)
    assert PIN_COOKIE in response.cookies
    with CaptureQueriesContext(replica) as on_replica:
        html = client.get("/projects/P-PIN/").content.decode()
    assert "New title" in html
    assert on_replica.captured_queries == []  # read-after-write: the primary answers
