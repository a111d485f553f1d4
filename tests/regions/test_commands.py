"""`keruen regions scorecard` and `keruen regions candidates`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ProjectFactory
from tests.regions.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

LONG_AGO = "2020-01-01"


def run(*args: str) -> str:
    out = StringIO()
    call_command("regions", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def slow_abai() -> None:
    for region in ("KZ-71", "KZ-43"):
        for stage in ("construction", "preparation", "operating"):
            ProjectFactory(regions=[region], stage=stage)
    for stage in ("announced", "announced", "agreed"):
        ProjectFactory(regions=["KZ-10"], stage=stage, stage_since=LONG_AGO)


def test_scorecard_json_lists_twenty_regions_with_reasons() -> None:
    slow_abai()
    data = json.loads(run("scorecard", "--json"))
    assert data["count"] == 20 and len(data["items"]) == 20
    by_code = {x["code"]: x for x in data["items"]}
    abai = by_code["KZ-10"]
    for key in ("code", "name", "projects", "investment_usd", "lagging", "reasons", "by_stage"):
        assert key in abai
    assert abai["lagging"] is True and abai["reasons"]
    assert all(isinstance(r, str) for r in abai["reasons"])
    assert by_code["KZ-71"]["lagging"] is False and by_code["KZ-71"]["reasons"] == []
    assert abai["projects"] == 3 and data["lagging"] == 1
    assert data["rule"]["min_shortfalls"] == 2 and data["national"]["projects"] == 9


def test_scorecard_reasons_in_the_chosen_language() -> None:
    slow_abai()
    data = json.loads(run("scorecard", "--json", "--region", "kz-10", "--language", "ru"))
    assert [x["code"] for x in data["items"]] == ["KZ-10"]
    assert data["items"][0]["name"] == "Абайская область"


def test_scorecard_text() -> None:
    slow_abai()
    out = run("scorecard")
    assert "KZ-10" in out and "LAGGING" in out and "Stalled projects" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scorecard", "--portfolio", "nope"], "unknown portfolio"),
        (["scorecard", "--region", "KZ-99"], "unknown region"),
        (["scorecard", "--today", "yesterday"], "YYYY-MM-DD"),
        (["candidates", "INI-999999"], "unknown initiative"),
    ],
)
def test_bad_arguments_fail_clearly(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_candidates() -> None:
    ProjectFactory(regions=["KZ-71"], sectors=["manufacturing"])
    ini = InitiativeFactory(region="KZ-71", sectors=["manufacturing"])
    data = json.loads(run("candidates", ini.code, "--json"))
    assert data["initiative"] == ini.code and data["investors"] == [] and data["events"] == []
    assert ini.code in run("candidates", ini.code)
