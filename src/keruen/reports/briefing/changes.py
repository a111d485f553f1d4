"""What changed since a date, read from the projects' history (django-simple-history rows).

Each history row is a full snapshot of a project. A stage change is dated by the row's
`stage_since` (the day the project moved, as recorded), falling back to the day the row was
written; the stage before it is the previous row's. A project is *new* when it entered the
registry after the date and did not start before it (a project loaded late but signed long ago is
not news). *Stalled* means suspended since the date, or without a stage change for
`stalled_after_days` where that threshold was crossed after the date (dated by its last move).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from keruen.projects.models import Project, Stage

#: Stages a project moves through in order; suspended and cancelled stand outside it.
PROGRESS = [Stage.ANNOUNCED, Stage.AGREED, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.OPERATING]
ORDER = {s.value: i for i, s in enumerate(PROGRESS)}


@dataclass(frozen=True)
class Transition:
    project_id: int
    from_stage: str | None
    to_stage: str
    on: dt.date


@dataclass(frozen=True)
class ChangeSet:
    new: list[int]
    advanced: list[Transition]
    stalled: list[Transition]
    cancelled: list[Transition]


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def project_changes(
    projects: Iterable[Project],
    *,
    since: dt.date,
    today: dt.date,
    stalled_after_days: int,
    history_rows: Callable[[list[int]], Iterable[tuple[Any, ...]]] | None = None,
) -> ChangeSet:
    """Classify `projects` by what happened to them between `since` and `today`."""
    by_id = {p.pk: p for p in projects}
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    fetch = history_rows or _history_rows
    for row in fetch(sorted(by_id)):
        rows[row[0]].append(row)
    new: list[int] = []
    advanced: list[Transition] = []
    stalled: list[Transition] = []
    cancelled: list[Transition] = []
    for pk, project in by_id.items():
        history = rows.get(pk, [])
        entered = _day(history[0][1]) if history else _day(project.created_at)
        if entered > since and (project.start_on is None or project.start_on > since):
            new.append(pk)
            continue
        last = _last_move(history, project)
        if last.on > since:
            if last.to_stage == Stage.CANCELLED:
                cancelled.append(last)
                continue
            if last.to_stage == Stage.SUSPENDED:
                stalled.append(last)
                continue
            if _is_advance(last):
                advanced.append(last)
        if project.stage in ORDER and project.stage != Stage.OPERATING:
            moved = project.stage_since or last.on
            crossed = moved + dt.timedelta(days=stalled_after_days)
            if since < crossed <= today:
                stalled.append(Transition(pk, project.stage, project.stage, moved))
    return ChangeSet(new=new, advanced=advanced, stalled=stalled, cancelled=cancelled)


def _history_rows(ids: list[int]) -> Iterable[tuple[Any, ...]]:
    history = Project.history.model
    return (
        history.objects.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", "stage", "stage_since")
    )


def _last_move(history: list[tuple[Any, ...]], project: Project) -> Transition:
    """The latest change of stage (or the first record, when the stage never changed)."""
    previous: str | None = None
    move = Transition(
        project.pk, None, project.stage, project.stage_since or _day(project.created_at)
    )
    for _pk, written, _type, stage, stage_since in history:
        if stage != previous:
            move = Transition(project.pk, previous, stage, stage_since or _day(written))
        previous = stage
    if move.to_stage != project.stage:  # the project changed without a history row
        move = Transition(project.pk, move.to_stage, project.stage, project.stage_since or move.on)
    return move


def _is_advance(t: Transition) -> bool:
    if t.to_stage not in ORDER or t.to_stage == Stage.ANNOUNCED:
        return False
    if t.from_stage is None:
        # Entered the registry at this stage; it moved into it on `on`, from an earlier stage.
        return True
    if t.from_stage == Stage.SUSPENDED:
        return True  # resumed
    return t.from_stage in ORDER and ORDER[t.to_stage] > ORDER[t.from_stage]
