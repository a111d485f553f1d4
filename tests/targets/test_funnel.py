"""The agreement → project funnel against a hand-worked event, and `keruen funnel`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keruen.agreements.services import agreement_create, event_create
from keruen.projects.models import Stage
from keruen.targets.funnel import funnel_by_event, funnel_by_portfolio, months_before
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)
LONG_AGO = dt.date(2025, 6, 17)  # 12 months before AS_OF
LATELY = dt.date(2026, 5, 1)  # 2 months before


def agreement(code: str, value: int, signed: dt.date, projects=(), **kw):
    return agreement_create(
        actor=None,
        reason="test",
        code=code,
        title=f"Agreement {code}",
        kind="commercial",
        signed_on=signed,
        event=kw.pop("event"),
        value_amount=D(value),
        value_currency="USD",
        projects=list(projects),
        portfolios=kw.pop("portfolios", []),
        **kw,
    )


@pytest.fixture
def forum():
    """Four agreements (1,000 USD in all) worked by hand:

    A1 (100) → P1 operating (investment 1,000);
    A2 (200) → P2 construction, unchanged since long ago (2,000), and P3, a phase not counted in
        totals (preparation, 500);
    A3 (300) → nothing, signed a year ago: stale, no project;
    A4 (400) → nothing, signed two months ago: not stale yet.
    """
    PortfolioFactory(slug="pf")
    event = event_create(
        actor=None, reason="t", slug="forum", title="Forum", kind="forum", starts_on=LONG_AGO
    )
    p1 = ProjectFactory(stage=Stage.OPERATING, total_investment_amount=D(1000))
    p2 = ProjectFactory(
        stage=Stage.CONSTRUCTION, stage_since=LONG_AGO, total_investment_amount=D(2000)
    )
    p3 = ProjectFactory(
        stage=Stage.PREPARATION,
        stage_since=LONG_AGO,
        parent=p2,
        counts_in_totals=False,
        total_investment_amount=D(500),
    )
    agreement("A1", 100, LONG_AGO, [p1], event=event, portfolios=["pf"])
    agreement("A2", 200, LONG_AGO, [p2, p3], event=event, portfolios=["pf"])
    agreement("A3", 300, LONG_AGO, event=event)
    agreement("A4", 400, LATELY, event=event)
    return event


def test_funnel_of_an_event(forum) -> None:
    [row] = funnel_by_event(user=None, as_of=AS_OF)
    assert row.key == "forum"
    assert (row.agreements, row.agreements_value_usd) == (4, D(1000))
    assert (row.linked_agreements, row.linked_agreements_value_usd) == (2, D(300))
    assert row.linked_projects == 2  # P3 is counted in its umbrella P2
    assert (row.projects_preparation, row.projects_construction, row.projects_operating) == (
        0,
        1,
        1,
    )
    assert row.investment_linked_usd == D(3000)
    assert row.investment_realised_usd == D(1000)
    assert row.conversion_rate == 0.5
    assert row.value_conversion_rate == 0.3
    assert row.construction_rate == 1.0
    assert row.operating_rate == 0.5
    assert [(s.code, s.reason) for s in row.stale] == [("A2", "no_progress"), ("A3", "no_project")]
    d = row.to_json_dict()
    assert d["event"] == "forum" and d["agreements"] == 4 and d["stale_agreements"] == 2


def test_stale_months_is_configurable(forum, settings) -> None:
    [row] = funnel_by_event(user=None, as_of=AS_OF, stale_months=1)
    assert {s.code for s in row.stale} == {"A2", "A3", "A4"}
    [row] = funnel_by_event(user=None, as_of=AS_OF, stale_months=13)
    assert row.stale == []
    settings.KERUEN_FUNNEL_STALE_MONTHS = 1
    [row] = funnel_by_event(user=None, as_of=AS_OF)
    assert row.stale_months == 1 and len(row.stale) == 3


def test_funnel_per_portfolio(forum) -> None:
    [row] = funnel_by_portfolio(user=None, as_of=AS_OF)
    assert (row.key, row.agreements, row.linked_agreements, row.linked_projects) == ("pf", 2, 2, 2)
    assert row.conversion_rate == 1.0
    assert funnel_by_portfolio(user=None, portfolio="pf", as_of=AS_OF)[0].key == "pf"


def test_an_event_without_agreements_is_left_out_unless_asked_for(forum) -> None:
    event_create(
        actor=None, reason="t", slug="quiet", title="Quiet", kind="meeting", starts_on=AS_OF
    )
    assert [r.key for r in funnel_by_event(user=None)] == ["forum"]
    [row] = funnel_by_event(user=None, event="quiet")
    assert row.agreements == 0 and row.conversion_rate == 0.0


def test_months_before() -> None:
    assert months_before(dt.date(2026, 6, 30), 6) == dt.date(2025, 12, 30)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_funnel_command(forum) -> None:
    out = StringIO()
    call_command("funnel", "--json", stdout=out)
    data = json.loads(out.getvalue())
    [row] = data["items"]
    for key in ("agreements", "agreements_value_usd", "linked_projects", "conversion_rate"):
        assert key in row
    assert row["agreements"] == 4 and row["agreements_value_usd"] == 1000.0
    out = StringIO()
    call_command("funnel", "--event", "forum", stdout=out)
    assert "agreements signed" in out.getvalue()
    out = StringIO()
    call_command("funnel", "--portfolio", "pf", "--json", stdout=out)
    assert json.loads(out.getvalue())["items"][0]["portfolio"] == "pf"
    with pytest.raises(CommandError, match="unknown event"):
        call_command("funnel", "--event", "nope")
    with pytest.raises(CommandError, match="unknown portfolio"):
        call_command("funnel", "--portfolio", "nope")
    with pytest.raises(CommandError, match="not both"):
        call_command("funnel", "--event", "forum", "--portfolio", "pf")


def test_a_link_to_a_project_the_reader_may_not_see_still_counts(forum) -> None:
    from django.contrib.auth.models import AnonymousUser

    hidden = ProjectFactory(
        stage=Stage.CONSTRUCTION, confidentiality="restricted", total_investment_amount=D(9000)
    )
    agreement("A5", 500, LONG_AGO, [hidden], event=forum)
    [public] = funnel_by_event(user=AnonymousUser(), as_of=AS_OF)
    [system] = funnel_by_event(user=None, as_of=AS_OF)
    assert public.linked_agreements == system.linked_agreements == 3
    assert public.linked_projects == 2 and system.linked_projects == 3
    assert public.investment_linked_usd == D(3000)
    # The public cannot judge its progress: A5 is not listed as stale.
    assert "A5" not in {s.code for s in public.stale}


def test_a_funnel_runs_the_same_queries_for_one_agreement_or_many() -> None:
    """The funnel is counted in SQL: more agreements and projects add no query."""
    counts, rows = [], []
    for slug, n in (("one", 1), ("many", 12)):
        event = event_create(
            actor=None, reason="t", slug=slug, title=slug, kind="forum", starts_on=LONG_AGO
        )
        for i in range(n):
            project = ProjectFactory(
                stage=Stage.CONSTRUCTION, stage_since=LONG_AGO, total_investment_amount=D(10)
            )
            agreement(f"{slug}-{i}", 100, LONG_AGO, [project] if i % 3 != 1 else [], event=event)
        with CaptureQueriesContext(connection) as ctx:
            (row,) = funnel_by_event(user=None, event=slug, as_of=AS_OF)
        counts.append(len(ctx.captured_queries))
        rows.append(row)
    assert counts[0] == counts[1]
    assert [(r.agreements, r.linked_agreements, r.linked_projects) for r in rows] == [
        (1, 1, 1),
        (12, 8, 8),
    ]
    assert [len(r.stale) for r in rows] == [1, 12]  # never linked, or linked and not moving
