"""Inferred status: the rule (thresholds, what counts as progress), the API field, the page, and the
editor's confirmation that changes the stage with history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from keruen.core.models import Source
from keruen.projects.inference import infer, inferred_status
from keruen.projects.models import Project
from keruen.projects.services import milestone_create, project_confirm_inferred_status
from tests.accounts.factories import make_user, token_for
from tests.api.client import call
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("last", "stage", "expected"),
    [
        (dt.date(2026, 1, 1), "construction", None),
        (dt.date(2025, 12, 1), "construction", "stalled"),
        (dt.date(2024, 12, 1), "agreed", "shelved"),
        (dt.date(2022, 12, 7), "announced", "cancelled"),
        (dt.date(2025, 6, 1), "suspended", None),  # declared suspended: stalled adds nothing
        (dt.date(2024, 6, 1), "suspended", "shelved"),
        (dt.date(2010, 1, 1), "operating", None),
        (dt.date(2010, 1, 1), "cancelled", None),
        (None, "announced", None),
    ],
)
def test_the_rule(last: dt.date | None, stage: str, expected: str | None) -> None:
    found = infer(stage=stage, last_progress=last, today=TODAY)
    assert (found.status if found else None) == expected


@override_settings(KERUEN_INFERRED_STATUS_MONTHS={"stalled": 3})
def test_thresholds_are_configurable() -> None:
    found = infer(stage="construction", last_progress=dt.date(2026, 8, 1), today=TODAY)
    assert found is not None and found.status == "stalled"
    assert found.since == dt.date(2026, 11, 1)


def test_a_milestone_met_or_a_newer_source_is_progress() -> None:
    p = ProjectFactory(stage="construction", stage_since=dt.date(2020, 1, 1))
    assert inferred_status(p, today=TODAY).status == "cancelled"
    milestone_create(actor=None, reason="t", project=p, kind="land", actual_on=dt.date(2025, 10, 1))
    assert inferred_status(p, today=TODAY).status == "stalled"
    src = Source.objects.create(code="news-1", kind="news", title="News", published_on=TODAY)
    p.sources.add(src)
    assert inferred_status(p, today=TODAY) is None


def test_the_api_shows_it_with_its_reason_but_not_to_the_public(client) -> None:
    p = ProjectFactory(stage="agreed", stage_since=dt.date(2021, 1, 1))
    fresh = ProjectFactory(stage="agreed")
    token = token_for(make_user("analyst"))
    body = call("GET", f"/api/v1/projects/{p.code}", token).json()
    assert body["inferred_status"]["status"] == "cancelled"
    assert "2021" in body["inferred_status"]["reason"]
    assert body["stage"] == "agreed"  # declared, untouched
    assert call("GET", f"/api/v1/projects/{fresh.code}", token).json()["inferred_status"] is None
    assert "inferred_status" not in client.get(f"/api/v1/projects/{p.code}").json()


def test_the_page_shows_it_beside_the_stage_and_an_editor_confirms_it(client) -> None:
    p = ProjectFactory(stage="construction", stage_since=dt.date(2024, 1, 1), regions=["KZ-19"])
    editor = make_user("regional_editor", username="ed19", regions=["KZ-19"])
    client.force_login(editor)
    html = client.get(p.get_absolute_url()).content.decode()
    assert "inferred: shelved" in html and 'name="status" value="shelved"' in html
    r = client.post(
        f"/projects/{p.code}/confirm-inferred/",
        {"status": "shelved", "reason": "Akimat letter: works stopped"},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.stage == "suspended"
    last = Project.history.filter(id=p.pk).first()
    assert last.history_change_reason == "Akimat letter: works stopped"
    assert last.history_user == editor


def test_confirming_a_status_no_longer_inferred_is_refused() -> None:
    p = ProjectFactory(stage="construction")
    with pytest.raises(ValidationError) as e:
        project_confirm_inferred_status(actor=None, reason="x", project=p, status="stalled")
    assert "status" in e.value.message_dict
