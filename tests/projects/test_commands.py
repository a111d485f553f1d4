"""`keruen summary`: the same figures as the API, for a chosen reader and selection."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.factories import make_user
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("summary", *args, stdout=out)
    return out.getvalue()


def test_for_user_counts_what_they_see_and_tells_the_rest() -> None:
    ProjectFactory(total_investment_amount=Decimal(10**9))
    ProjectFactory(confidentiality="restricted")
    make_user("analyst", username="ann")
    data = json.loads(run("--for-user", "ann", "--json"))
    assert data["projects"] == 1 and data["investment_usd"] == 1e9
    assert data["coverage"]["hidden"] == 1
    assert "Seen: 1 of 2 projects; 1 are restricted" in run("--for-user", "ann")
    assert "public edition: 1 of 2" in run("--public")
    assert json.loads(run("--json"))["projects"] == 2


def test_explains_phases_and_projects_in_several_regions() -> None:
    parent = ProjectFactory(regions=["KZ-19", "KZ-31"])
    ProjectFactory(parent=parent, counts_in_totals=False)
    text = run()
    assert "Records: 2, counted 1; not counted in totals: 1 phases counted in their parent" in text
    assert "In several regions: 1" in text


def test_filters_narrow_the_figures() -> None:
    ProjectFactory(regions=["KZ-19"], stage="construction")
    ProjectFactory(regions=["KZ-31"])
    assert json.loads(run("--region", "kz-31", "--json"))["projects"] == 1
    assert json.loads(run("--stage", "construction", "--json"))["projects"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--for-user", "nobody"], "--for-user: no active user named 'nobody'"),
        (["--region", "KZ-99"], "--region: unknown region 'KZ-99'"),
        (["--sector", "nope"], "--sector: unknown sector 'nope'"),
        (["--portfolio", "nope"], "--portfolio: unknown portfolio 'nope'"),
    ],
)
def test_bad_arguments_name_the_option(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
