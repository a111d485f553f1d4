"""What changed since a date, from the projects' history (keruen.reports.briefing.changes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keruen.projects.models import Project, Stage
from keruen.projects.services import project_update
from keruen.reports.briefing.changes import ChangeSet, project_changes
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

STALLED = 365


def _recorded_on(project: Project, day: dt.date) -> Project:
    """As if the project had been recorded on `day` (its history rows so far are moved there)."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Project.history.filter(id=project.pk).update(history_date=when)
    return project


def _old(**fields: object) -> Project:
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    return _recorded_on(ProjectFactory(start_on=long_ago, **fields), long_ago)


def _moved(project: Project, stage: str, on: dt.date) -> Project:
    project_update(actor=None, reason="test", project=project, stage=stage, stage_since=on)
    return project


def _changes(since: dt.date) -> ChangeSet:
    today = timezone.localdate()
    return project_changes(
        Project.objects.all(), since=since, today=today, stalled_after_days=STALLED
    )


def test_each_kind_of_change_is_found_and_old_news_is_not() -> None:
    today = timezone.localdate()
    since = today - dt.timedelta(days=30)
    long_ago = today - dt.timedelta(days=400)
    new = ProjectFactory(title="Entered after the meeting")
    advanced = _moved(
        _old(stage=Stage.AGREED, stage_since=long_ago),
        Stage.CONSTRUCTION,
        today - dt.timedelta(days=10),
    )
    cancelled = _moved(
        _old(stage=Stage.AGREED, stage_since=long_ago),
        Stage.CANCELLED,
        today - dt.timedelta(days=3),
    )
    suspended = _moved(
        _old(stage=Stage.PREPARATION, stage_since=long_ago),
        Stage.SUSPENDED,
        today - dt.timedelta(days=5),
    )
    crossed = _old(stage=Stage.AGREED, stage_since=today - dt.timedelta(days=STALLED + 5))
    quiet = _old(stage=Stage.CONSTRUCTION, stage_since=today - dt.timedelta(days=100))
    found = _changes(since)
    assert found.new == [new.pk]
    assert [(t.project_id, t.from_stage, t.to_stage) for t in found.advanced] == [
        (advanced.pk, Stage.AGREED, Stage.CONSTRUCTION)
    ]
    assert [t.project_id for t in found.cancelled] == [cancelled.pk]
    stalled = {t.project_id: t for t in found.stalled}
    assert set(stalled) == {suspended.pk, crossed.pk}
    assert stalled[suspended.pk].from_stage == Stage.PREPARATION
    assert stalled[crossed.pk].from_stage == stalled[crossed.pk].to_stage == Stage.AGREED
    every = {
        t.project_id for kind in ("advanced", "stalled", "cancelled") for t in getattr(found, kind)
    }
    assert quiet.pk not in every and quiet.pk not in found.new


def test_a_project_loaded_late_but_started_before_is_not_new() -> None:
    today = timezone.localdate()
    ProjectFactory(
        start_on=today - dt.timedelta(days=200), stage_since=today - dt.timedelta(days=200)
    )
    assert _changes(today - dt.timedelta(days=30)).new == []


def test_going_back_a_stage_is_not_an_advance() -> None:
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    p = _old(stage=Stage.CONSTRUCTION, stage_since=long_ago)
    _moved(p, Stage.PREPARATION, today - dt.timedelta(days=2))
    found = _changes(today - dt.timedelta(days=30))
    assert found.advanced == []


def test_a_resumed_project_is_not_an_advance_as_the_regions_scorecard_says() -> None:
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    p = _old(stage=Stage.SUSPENDED, stage_since=long_ago)
    _moved(p, Stage.CONSTRUCTION, today - dt.timedelta(days=2))
    assert _changes(today - dt.timedelta(days=30)).advanced == []


def test_changes_before_the_date_are_not_reported() -> None:
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    p = _old(stage=Stage.AGREED, stage_since=long_ago)
    _moved(p, Stage.CANCELLED, today - dt.timedelta(days=60))
    found = _changes(today - dt.timedelta(days=30))
    assert found.cancelled == [] and found.stalled == []


def test_without_history_at_the_date_the_stage_date_decides() -> None:
    """Projects loaded in bulk after the date (as the demo is) have no state at the date: a move
    into their stage after the date counts, as the regions' scorecard counts it."""
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)
    moved = ProjectFactory(
        stage=Stage.CONSTRUCTION, stage_since=today - dt.timedelta(days=5), start_on=long_ago
    )
    ProjectFactory(stage=Stage.CONSTRUCTION, stage_since=long_ago, start_on=long_ago)
    found = _changes(today - dt.timedelta(days=30))
    assert [(t.project_id, t.from_stage) for t in found.advanced] == [(moved.pk, None)]
