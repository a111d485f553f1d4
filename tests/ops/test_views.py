"""/healthz, /readyz and /metrics through the test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from keruen.accounts.services import user_create
from keruen.imports.services import import_run
from keruen.instructions.tasks import send_instruction_reminders
from keruen.ops import selectors
from keruen.ops.models import Backup
from tests.imports.helpers import write_csv


def test_healthz_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_migrations_and_queue(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "task_queue"}


@pytest.mark.django_db
def test_readyz_is_503_with_retry_after_while_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(alias: str, name: str) -> selectors.Check:
        return selectors.Check(name, False, "connection refused")

    monkeypatch.setattr(selectors, "_check_database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "connection refused"}


@pytest.mark.django_db
def test_readyz_names_unapplied_migrations(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        selectors.MigrationExecutor, "migration_plan", lambda self, targets: [("ops", "0002")]
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "1 migration(s) not applied" in response.json()["checks"]["migrations"]["detail"]


def test_metrics_is_404_without_a_configured_token(client: Client, settings) -> None:
    settings.KERUEN_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer x").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "Bearer"])
def test_metrics_refuses_a_missing_or_wrong_token(client: Client, settings, header) -> None:
    settings.KERUEN_METRICS_TOKEN = "s3cret"
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/metrics", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_metrics_in_prometheus_text_format(client: Client, settings) -> None:
    settings.KERUEN_METRICS_TOKEN = "s3cret"
    send_instruction_reminders.enqueue()
    DBTaskResult.objects.update(enqueued_at="2026-01-01T00:00:00Z")
    Backup.objects.create(file="/b/keruen.bin", size=10, engine="sqlite", rows=1)
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    assert "# HELP keruen_http_request_duration_seconds" in text
    assert 'keruen_http_requests_total{method="GET",route="healthz",status="200"}' in text
    assert 'keruen_tasks_queued{queue="default"} 1.0' in text
    age = next(line for line in text.splitlines() if line.startswith("keruen_tasks_oldest"))
    assert float(age.split()[1]) > 3600
    last = next(line for line in text.splitlines() if line.startswith("keruen_backup_last"))
    assert float(last.split()[1]) > 0
    assert "keruen_replica_lag_seconds" not in text  # no replica configured


@pytest.mark.django_db
def test_metrics_count_imported_rows_by_kind_and_outcome(
    client: Client, settings, tmp_path: Path
) -> None:
    settings.KERUEN_METRICS_TOKEN = "s3cret"
    header = ["code", "title", "stage"]
    first = write_csv(tmp_path / "a.csv", header, [["M-1", "One", "agreed"], ["M-2", "Two", ""]])
    assert import_run(actor=None, kind="projects", source=first).ok
    again = write_csv(tmp_path / "b.csv", header, [["M-1", "One", "agreed"], ["M-3", "3", ""]])
    assert import_run(actor=None, kind="projects", source=again).ok
    bad = write_csv(tmp_path / "c.csv", header, [["M-4", "Four", "built"], ["M-5", "Five", ""]])
    assert not import_run(actor=None, kind="projects", source=bad).ok
    assert import_run(actor=None, kind="projects", source=bad, dry_run=True).problems
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret").content.decode()
    assert "# TYPE keruen_import_rows_total counter" in text
    counted = {
        line.split("{")[1].split("}")[0]: float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("keruen_import_rows_total{")
    }
    assert counted == {
        'kind="projects",outcome="created"': 3.0,
        'kind="projects",outcome="rejected"': 2.0,
        'kind="projects",outcome="unchanged"': 1.0,
        'kind="projects",outcome="updated"': 0.0,
    }


@pytest.mark.django_db
def test_pages_answer_503_with_retry_after_when_the_database_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keruen.ops import views

    def fail() -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "readiness", fail)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"database is unreachable" in response.content


@pytest.fixture
def session_store_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> Client:
    """A signed-in browser whose session the database can no longer read (it went away)."""
    user = user_create(
        actor=None, reason="test", username="reader", role="analyst", password="Bars-web-2026!x"
    )
    client.force_login(user)

    def load(self: SessionStore) -> dict:
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", load)
    client.raise_request_exception = False  # Django's own handler answers, as in production
    return client


@pytest.mark.django_db
def test_a_page_is_503_when_the_database_goes_away_while_its_view_reads_the_session(
    session_store_down: Client,
) -> None:
    response = session_store_down.get("/projects/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_an_error_page_that_meets_the_database_gone_is_503_not_500(
    session_store_down: Client,
) -> None:
    # No view runs: the 404 page shows the reader's menu, reading the session itself. Django
    # hands that failure to the 500 handler, which answers 503 for a database that went away.
    response = session_store_down.get("/no-such-page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"database is unreachable" in response.content
