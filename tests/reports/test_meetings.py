"""Meetings' data freeze: `keruen meetings list|freeze`, and a past brief rendered again exactly
(`keruen brief --as-of-meeting`) after the data changed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keruen.agreements.services import event_create
from keruen.reports.briefing import briefing_build
from keruen.reports.briefing.snapshot import briefing_dump, briefing_load
from keruen.reports.meetings import meeting_brief, meeting_freeze
from tests.accounts.factories import make_user
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return event_create(
        actor=None,
        reason="t",
        slug="pm-2025-06-25",
        title="Meeting on cooperation with China",
        kind="meeting",
        starts_on=dt.date(2025, 6, 25),
    )


def test_a_briefing_round_trips_through_its_snapshot() -> None:
    PortfolioFactory(slug="kz-cn")
    ProjectFactory(portfolios=["kz-cn"], stage="construction")
    brief = briefing_build(user=None, portfolio="kz-cn", language="ru")
    assert briefing_load(json.loads(json.dumps(briefing_dump(brief)))) == brief


def test_the_frozen_brief_keeps_its_figures_after_the_data_changed(meeting) -> None:
    PortfolioFactory(slug="kz-cn")
    ProjectFactory(portfolios=["kz-cn"])
    meeting_freeze(actor=None, event=meeting)
    ProjectFactory(portfolios=["kz-cn"], total_investment_amount=10**10)
    frozen = meeting_brief(event=meeting, portfolio="kz-cn", language="en")
    now = briefing_build(user=None, portfolio="kz-cn", language="en")
    assert frozen.headline.projects == 1 and now.headline.projects == 2
    assert meeting_brief(event=meeting, portfolio=None, language="kk").headline.projects == 1


def test_a_meeting_is_frozen_once_and_by_coordinators(meeting) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        meeting_freeze(actor=make_user("analyst"), event=meeting)
    meeting_freeze(actor=make_user("coordinator"), event=meeting)
    with pytest.raises(ValidationError):
        meeting_freeze(actor=None, event=meeting)


def test_cli_lists_freezes_and_renders_as_of_the_meeting(meeting, tmp_path) -> None:
    out = io.StringIO()
    call_command("meetings", "list", "--json", stdout=out)
    assert json.loads(out.getvalue())["items"] == [
        {
            "id": "pm-2025-06-25",
            "title": "Meeting on cooperation with China",
            "date": "2025-06-25",
            "frozen": False,
            "frozen_at": None,
        }
    ]
    with pytest.raises(CommandError, match="not frozen"):
        call_command(
            "brief",
            "--as-of-meeting",
            "pm-2025-06-25",
            "--format",
            "html",
            "--out",
            str(tmp_path / "b.html"),
        )
    call_command("meetings", "freeze", "pm-2025-06-25", stderr=io.StringIO())
    out = io.StringIO()
    call_command("meetings", "list", "--json", stdout=out)
    assert json.loads(out.getvalue())["items"][0]["frozen"] is True
    call_command(
        "brief",
        "--as-of-meeting",
        "pm-2025-06-25",
        "--format",
        "html",
        "--out",
        str(tmp_path / "b.html"),
        stderr=io.StringIO(),
    )
    assert "Briefing" in (tmp_path / "b.html").read_text()
    with pytest.raises(CommandError, match="--as-of-meeting"):
        call_command(
            "brief",
            "--as-of-meeting",
            "nope",
            "--format",
            "html",
            "--out",
            str(tmp_path / "c.html"),
        )
