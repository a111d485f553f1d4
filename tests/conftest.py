"""Shared test fixtures. Data comes from factories (tests/factories.py); the demo portfolio, which
is slow to build, is loaded once per test module that asks for `demo` and rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from keruen.core.demo_context import DemoContext


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[DemoContext]:
    from keruen.demo.loader import load_demo

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        ctx = load_demo()
        yield ctx
        transaction.set_rollback(True)


@pytest.fixture
def system() -> None:
    """The actor for writes made by Keruen itself."""
    return None
