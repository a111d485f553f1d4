"""schemathesis against the OpenAPI schema, through the WSGI app: no request may end in a 5xx.

A coordinator's token, so that the write operations are exercised too; everything a case writes
is rolled back with the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from keruen.wsgi import application
from tests.accounts.factories import make_user, token_for
from tests.factories import PortfolioFactory, ProjectFactory

#: The access/API routers' operations; other routers' owners add theirs here as they land.
PATHS = (
    r"^/api/v1/(projects|portfolios|agreements|events|organizations|regions|sectors|countries"
    r"|currencies|fx-rates|history)/"
)
# The examples and fuzzing phases; the coverage phase (hundreds of edge cases per operation)
# is what the acceptance check runs against a live server.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG).include(
    path_regex=PATHS
)


@pytest.fixture(scope="module", autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: requests through the WSGI app must not close the test's
    database connection (on PostgreSQL, a connection older than CONN_MAX_AGE would be closed at
    the next request, in the middle of the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def token(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        PortfolioFactory(slug="fz-pf")
        ProjectFactory(code="FZ-1", portfolios=["fz-pf"])
        yield token_for(make_user("coordinator"))
        transaction.set_rollback(True)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case: Any, token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
