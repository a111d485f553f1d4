"""Every figure reconciles, for every reader: on the demo, for each role and a few selections, the
dashboard card, the list's footer, the CSV and XLSX exports, the API (summary and list count),
`keruen summary --json` and the brief give the same count and USD total, and say the same about
what the reader does not see (the counting rule: keruen.projects.figures, docs/figures.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from io import StringIO
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from keruen.reports.briefing import briefing_build
from tests.accounts.factories import bearer, token_for

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

READERS = ["coordinator", "editor-almaty", "officer-mic", "analyst", "public"]
SELECTIONS = ["portfolio=kz-cn", "region=KZ-19", "sector=energy", "stage=construction", ""]


def reader(name: str) -> Any:
    return AnonymousUser() if name == "public" else get_user_model().objects.get(username=name)


def web(name: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if name != "public":
        client.force_login(reader(name))
    return client


def cli(name: str, query: str) -> dict[str, Any]:
    args = ["--json"] + (["--public"] if name == "public" else ["--for-user", name])
    if query:
        key, value = query.split("=")
        args += [f"--{key}", value]
    out = StringIO()
    call_command("summary", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


def close(a: float | Decimal, b: float | Decimal) -> bool:
    return abs(float(a) - float(b)) < 0.01


@pytest.mark.parametrize("query", SELECTIONS)
@pytest.mark.parametrize("name", READERS)
def test_list_exports_api_and_cli_agree(demo: Any, name: str, query: str) -> None:
    client = web(name)
    page = client.get(f"/projects/?{query}")
    totals, coverage = page.context["totals"], page.context["coverage"]

    # the list's footer, and the sentence about what the reader does not see
    html = re.sub(r"\s+", " ", page.content.decode())
    if coverage.hidden:
        assert f"of {coverage.registry} projects; {coverage.hidden} " in html
    else:
        assert "You see" not in html
    assert page.context["page"].paginator.count == coverage.records

    # XLSX: one row per record, a USD column summing to the totals row = the footer
    rows = list(
        openpyxl.load_workbook(io.BytesIO(client.get(f"/projects/export.xlsx?{query}").content))
        .worksheets[0]
        .values
    )
    header, data, total = rows[0], rows[1:-1], rows[-1]
    usd, jobs = header.index("Investment, USD"), header.index("Jobs planned")
    assert len(data) == coverage.records
    assert total[0] == "Total"
    assert close(total[usd], totals.investment_usd)
    assert close(sum(r[usd] or 0 for r in data), totals.investment_usd)
    assert total[jobs] == sum(r[jobs] or 0 for r in data) == totals.jobs_planned
    counted = [r for r in data if r[header.index("Counted in totals")] == "yes"]
    assert len(counted) == totals.projects

    # CSV: the same records
    text = client.get(f"/projects/export.csv?{query}").content.decode()
    assert len(list(csv.DictReader(io.StringIO(text)))) == coverage.records

    # API: the summary and the list of counted projects
    auth = {} if name == "public" else bearer(token_for(reader(name)))
    api = client.get(f"/api/v1/summary/?{query}", **auth).json()
    assert api["projects"] == totals.projects
    assert close(api["investment_usd"], totals.investment_usd)
    assert api["coverage"]["hidden"] == coverage.hidden
    assert api["coverage"]["records"] == coverage.records
    listed = client.get(f"/api/v1/projects/?{query}&counted_only=true&limit=1", **auth).json()
    assert listed["count"] == totals.projects

    # the command line, as that reader
    assert cli(name, query) == api


@pytest.mark.parametrize("name", READERS)
def test_dashboard_card_and_brief_agree_with_the_list(demo: Any, name: str) -> None:
    client = web(name)
    dash = client.get("/?portfolio=kz-cn")
    s = dash.context["s"]
    page = client.get("/projects/?portfolio=kz-cn").context
    assert s.projects == page["totals"].projects
    assert s.investment_usd == page["totals"].investment_usd
    text = re.sub(r"<[^>]+>", " ", dash.content.decode())
    text = re.sub(r"\s+", " ", text)
    card = f"USD {float(s.investment_usd) / 1e9:.1f} bn"
    assert card in text
    if name == "coordinator":
        assert "You see" not in text
    else:
        registry = page["coverage"].registry
        assert re.search(rf"You see {s.projects} of {registry} projects", text)
    assert ("Public edition" in text) is (name == "public")

    brief = briefing_build(
        user=None if name == "public" else reader(name),
        portfolio="kz-cn",
        public=name == "public",
    )
    assert brief.headline.projects == s.projects
    assert brief.headline.investment_usd == s.investment_usd
    assert brief.headline.jobs_planned == s.jobs_planned


def test_the_lagging_panel_names_the_scorecards_lagging_regions(demo: Any) -> None:
    html = web("coordinator").get("/?portfolio=kz-cn").content.decode()
    panel = html[html.index('id="h-lagging"') : html.index('id="h-stages"')]
    shown = set(re.findall(r'data-region="(KZ-\d+)"', panel))
    out = StringIO()
    call_command("regions", "scorecard", "--portfolio", "kz-cn", "--json", stdout=out)
    lagging = {c["code"] for c in json.loads(out.getvalue())["items"] if c["lagging"]}
    assert shown == lagging and len(lagging) >= 1
