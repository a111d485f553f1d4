"""`keruen users create|list|deactivate|token`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keruen.accounts.selectors import user_for_token

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("users", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_with_token_prints_it_alone_on_the_last_line() -> None:
    out, err = run("create", "ed19", "--role", "regional_editor", "--region", "KZ-19", "--token")
    token = out.strip().splitlines()[-1]
    assert user_for_token(token).username == "ed19"
    assert "Created user ed19" in err


def test_list_json_and_deactivate_and_new_token() -> None:
    run("create", "an", "--role", "analyst", "--password", "Caravan-route-2025")
    rows = json.loads(run("list", "--json")[0])
    assert rows == [
        {
            "username": "an",
            "role": "analyst",
            "regions": [],
            "organization": None,
            "active": True,
            "tokens": 0,
            "last_login": None,
        }
    ]
    token = run("token", "an")[0].strip()
    assert user_for_token(token).username == "an"
    assert "an" in run("list")[0]
    run("deactivate", "an")
    assert user_for_token(token) is None
    assert json.loads(run("list", "--json", "--active")[0]) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "x", "--role", "regional_editor"], "at least one region"),
        (["create", "x", "--role", "analyst", "--password", "password"], "password"),
        (["deactivate", "ghost"], "No user named"),
        (["token", "ghost"], "No user named"),
    ],
)
def test_failures_are_command_errors(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
