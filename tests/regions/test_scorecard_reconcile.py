"""The regions' scorecards count by the rule of keruen.projects.figures, for every reader: on the
demo, the national card equals the summary (CLI/API/dashboard) and the project list's footer, a
region's card equals the footer of the list filtered by that region, and the regions' export's
totals row is the national card."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from keruen.projects.figures import summary
from keruen.projects.selectors import ProjectFilters
from keruen.regions.scorecard import region_scorecards_and_national
from tests.projects.test_figures_reconcile import READERS, close, reader, web

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.mark.parametrize("name", READERS)
def test_scorecards_summary_and_list_agree(demo: Any, name: str) -> None:
    client, user = web(name), reader(name)
    for portfolio in ("kz-cn", None):
        cards, national = region_scorecards_and_national(user=user, portfolio=portfolio)
        figures = summary(user=user, filters=ProjectFilters(portfolio=portfolio))
        footer = client.get("/projects/" + (f"?portfolio={portfolio}" if portfolio else ""))
        totals = footer.context["totals"]
        assert national.projects_counted == figures.projects == totals.projects
        assert national.projects == figures.coverage.records
        assert close(national.investment_usd, figures.investment_usd)
        assert close(national.investment_usd, totals.investment_usd)
        assert national.jobs_planned == figures.jobs_planned == totals.jobs_planned
        # the stage measures count the same projects
        assert sum(s["projects"] for s in national.by_stage.values()) == figures.projects
        assert {k: v["projects"] for k, v in national.by_stage.items()} == {
            k: v["projects"] for k, v in figures.by_stage.items()
        }
        # a project in several regions is in each region's card, once in the national one
        assert sum(c.projects_counted for c in cards) >= national.projects_counted
    for card in cards:
        if card.code in ("KZ-19", "KZ-75", "KZ-10"):
            page = client.get(f"/projects/?region={card.code}").context["totals"]
            assert card.projects_counted == page.projects, card.code
            assert close(card.investment_usd, page.investment_usd), card.code

    rows = list(
        openpyxl.load_workbook(io.BytesIO(client.get("/regions/export.xlsx").content))
        .worksheets[0]
        .values
    )
    header, total = rows[0], rows[-1]
    assert total[header.index("Projects counted in totals")] == national.projects_counted
    assert close(total[header.index("Investment, USD")], national.investment_usd)
