"""Milestone baselines (docs/milestones.md): approving the schedule freezes planned dates as the
baseline once; later changes move the forecast; the critical slip moves the forecast completion;
sector templates propose milestones. Through the service, the project page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keruen.projects.inference import inferred_status
from keruen.projects.models import Milestone
from keruen.projects.services import (
    MilestoneInput,
    milestone_update,
    project_apply_milestone_template,
    project_approve_schedule,
)
from keruen.web.forms import version_of
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import ProjectFactory
from tests.projects.test_views import login

pytestmark = pytest.mark.django_db

D = dt.date


def scheduled(**kwargs):
    """A project ending 2030-12-31 with a land milestone and a critical commissioning."""
    return ProjectFactory(
        end_on=D(2030, 12, 31),
        milestones=[
            MilestoneInput(kind="land", planned_on=D(2029, 3, 1)),
            MilestoneInput(kind="commissioning", planned_on=D(2030, 10, 1), is_critical=True),
        ],
        **kwargs,
    )


def test_approval_freezes_the_baseline_once_with_history() -> None:
    p = scheduled()
    project_approve_schedule(actor=None, reason="Order 12 of 1 March", project=p, on=D(2028, 5, 4))
    land, comm = p.milestones.order_by("planned_on")
    assert (land.baseline_on, land.forecast_on) == (D(2029, 3, 1), D(2029, 3, 1))
    assert comm.baseline_on == D(2030, 10, 1)
    p.refresh_from_db()
    assert p.schedule_approved_on == D(2028, 5, 4)
    assert p.history.first().history_change_reason == "Order 12 of 1 March"
    assert land.history.first().baseline_on == D(2029, 3, 1)
    with pytest.raises(ValidationError, match="approved on 2028-05-04"):
        project_approve_schedule(actor=None, reason="again", project=p)


def test_a_project_without_planned_dates_or_a_reason_is_refused_and_nothing_written() -> None:
    p = ProjectFactory(milestones=[MilestoneInput(kind="land")])
    with pytest.raises(ValidationError, match="nothing to approve"):
        project_approve_schedule(actor=None, reason="x", project=p)
    q = scheduled()
    with pytest.raises(ValidationError, match="Say who approved"):
        project_approve_schedule(actor=None, reason=" ", project=q)
    q.refresh_from_db()
    assert q.schedule_approved_on is None
    assert not Milestone.objects.filter(baseline_on__isnull=False).exists()


def test_later_changes_move_the_forecast_never_the_baseline() -> None:
    p = scheduled()
    project_approve_schedule(actor=None, reason="approved", project=p)
    comm = p.milestones.get(kind="commissioning")
    milestone_update(actor=None, reason="EPC delay", milestone=comm, planned_on=D(2031, 1, 30))
    comm.refresh_from_db()
    assert (comm.baseline_on, comm.forecast_on) == (D(2030, 10, 1), D(2031, 1, 30))
    with pytest.raises(ValidationError):
        milestone_update(actor=None, reason="x", milestone=comm, baseline_on=D(2031, 1, 30))


def test_the_critical_slip_moves_the_forecast_completion_on_page_and_api(client) -> None:
    p = scheduled()
    project_approve_schedule(actor=None, reason="approved", project=p)
    land = p.milestones.get(kind="land")
    comm = p.milestones.get(kind="commissioning")
    milestone_update(actor=None, reason="x", milestone=land, forecast_on=D(2029, 9, 1))
    milestone_update(actor=None, reason="x", milestone=comm, forecast_on=D(2030, 12, 1))

    body = call("GET", f"/api/v1/projects/{p.code}", token_for(make_user("analyst"))).json()
    got = {m["kind"]: m for m in body["milestones"]}
    assert got["commissioning"]["baseline_on"] == "2030-10-01"
    assert got["commissioning"]["forecast_on"] == "2030-12-01"
    assert got["commissioning"]["slip_days"] == 61
    assert got["commissioning"]["is_critical"] is True
    assert got["land"]["slip_days"] == 184  # not critical: it does not move the completion
    assert body["forecast_completion"] == "2031-03-02"  # 2030-12-31 + 61 days
    assert body["schedule_approved_on"] is not None

    login(client)
    html = client.get(p.get_absolute_url()).content.decode()
    assert "Schedule approved on" in html
    assert "the critical milestone slips 61 days" in html
    assert "slip: 184 days" in html
    assert 'class=" late"' in html


def test_before_approval_there_is_no_slip_and_the_completion_stays() -> None:
    p = scheduled()
    body = call("GET", f"/api/v1/projects/{p.code}", token_for(make_user("analyst"))).json()
    assert [m["slip_days"] for m in body["milestones"]] == [None, None]
    assert body["forecast_completion"] == "2030-12-31"
    assert body["schedule_approved_on"] is None


def test_an_editor_approves_on_the_page_and_through_the_api(client) -> None:
    p = scheduled()
    login(client)
    r = client.post(f"/projects/{p.code}/approve-schedule/", {"reason": "Minutes of 3 May"})
    assert r.status_code == 302
    assert p.milestones.filter(baseline_on__isnull=False).count() == 2
    r = client.post(f"/projects/{p.code}/approve-schedule/", {"reason": "again"}, follow=True)
    assert "its baseline does not change" in r.content.decode()

    q = scheduled()
    path = f"/api/v1/projects/{q.code}/approve-schedule"
    assert call("POST", path, token_for(make_user("analyst")), {"reason": "x"}).status_code == 403
    coord = token_for(make_user("coordinator", username="c2"))
    r = call("POST", path, coord, {"reason": "Minutes of 3 May"})
    assert r.status_code == 200
    assert [m["baseline_on"] for m in r.json()["milestones"]] == ["2029-03-01", "2030-10-01"]
    again = call("POST", path, coord, {"reason": "again"})
    assert again.status_code == 422
    assert "its baseline does not change" in again.content.decode()


def test_a_sector_template_proposes_milestones_for_a_new_project(client) -> None:
    p = ProjectFactory(sectors=["renewables", "energy"], start_on=D(2027, 1, 1))
    login(client)
    html = client.get(p.get_absolute_url()).content.decode()
    assert "template" in html and "milestones/template/" in html
    client.post(f"/projects/{p.code}/milestones/template/", {})
    ms = list(p.milestones.order_by("planned_on"))
    assert [m.kind for m in ms][:2] == ["agreement", "land"]
    assert ms[0].planned_on == D(2027, 1, 1)
    assert ms[-1].kind == "commissioning" and ms[-1].is_critical
    with pytest.raises(ValidationError, match="has milestones already"):
        project_apply_milestone_template(actor=None, reason="x", project=p)
    bare = ProjectFactory(sectors=["finance"])
    with pytest.raises(ValidationError, match="No milestone template"):
        project_apply_milestone_template(actor=None, reason="x", project=bare)


def test_a_met_milestone_is_progress_for_the_inferred_status() -> None:
    today = dt.date.today()
    long_ago = today - dt.timedelta(days=3 * 365)
    p = ProjectFactory(
        stage="preparation",
        stage_since=long_ago,
        milestones=[MilestoneInput(kind="land", planned_on=long_ago)],
    )
    assert inferred_status(p) is not None
    milestone_update(actor=None, reason="met", milestone=p.milestones.get(), actual_on=today)
    assert inferred_status(p) is None


def test_the_schedule_reads_in_russian_and_kazakh(client) -> None:
    p = scheduled()
    project_approve_schedule(actor=None, reason="approved", project=p)
    login(client)
    ru = client.get(p.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Вехи: базовый срок, прогноз и факт" in ru and "базовый срок:" in ru
    kk = client.get(p.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Кезең межелері: базалық мерзім, болжам және нақты" in kk


def test_the_editor_moves_a_forecast_on_the_milestone_form(client) -> None:
    p = scheduled()
    project_approve_schedule(actor=None, reason="approved", project=p)
    comm = p.milestones.get(kind="commissioning")
    login(client)
    r = client.post(
        f"/projects/{p.code}/milestones/{comm.pk}/edit/",
        {
            "kind": "commissioning",
            "planned_on": "2030-10-01",
            "forecast_on": "2031-02-01",
            "is_critical": "on",
            "reason": "Turbine supplier letter",
            "version": version_of(p),
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    comm.refresh_from_db()
    assert (comm.baseline_on, comm.forecast_on, comm.is_critical) == (
        D(2030, 10, 1),
        D(2031, 2, 1),
        True,
    )
    assert comm.history.first().history_change_reason == "Turbine supplier letter"
