"""What changed since a date, from the projects' history, by the rules the regions' scorecards use.

A project's stage at the date comes from its history (`keruen.projects.selectors.stages_at`), and
"advanced" is the scorecards' own rule (`keruen.projects.selectors.advanced`, which the summary
tables the scorecards read apply in SQL), so the brief and the regional table agree. Then:

- *new*: recorded after the date (no history row by then) and not started before it — a project
  loaded late but signed long ago is not news;
- *cancelled* / *suspended*: in that stage now, not at the date, and moved into it after the date
  by its "in this stage since" date (a move recorded late but dated before the date is old news);
- *stalled*: suspended as above, or its time without a change of stage passed
  `stalled_after_days` after the date (the dashboard's rule: neither operating nor cancelled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from keruen.projects.models import Stage
from keruen.projects.selectors import advanced, stages_at

#: Stages in which a project is not expected to move on (never "stalled"), as the dashboard says.
SETTLED = (Stage.OPERATING, Stage.CANCELLED)


class Listed(Protocol):
    """What is read of a project: a `Project`, or a row of these fields."""

    @property
    def pk(self) -> Any: ...
    @property
    def stage(self) -> str: ...
    @property
    def stage_since(self) -> dt.date | None: ...
    @property
    def start_on(self) -> dt.date | None: ...


@dataclass(frozen=True)
class Transition:
    project_id: int
    from_stage: str | None  # None: the registry holds no state at the date
    to_stage: str
    on: dt.date | None  # the day it moved into `to_stage`, when recorded


@dataclass(frozen=True)
class ChangeSet:
    new: list[int]
    advanced: list[Transition]
    stalled: list[Transition]
    cancelled: list[Transition]


def project_changes(
    projects: Iterable[Listed],
    *,
    since: dt.date,
    today: dt.date,
    stalled_after_days: int,
    project_ids: Any = None,
) -> ChangeSet:
    """Classify `projects` by what happened to them between `since` and `today`.

    `project_ids`: their ids as a queryset, when there are many (their history is then read
    through it rather than by listing every id in the statement)."""
    by_id = {p.pk: p for p in projects}
    then = stages_at(sorted(by_id) if project_ids is None else project_ids, since)
    out = ChangeSet(new=[], advanced=[], stalled=[], cancelled=[])
    for pk, p in by_id.items():
        stage_then = then.get(pk)
        if stage_then is None and (p.start_on is None or p.start_on > since):
            out.new.append(pk)
            continue
        move = Transition(pk, stage_then, p.stage, p.stage_since)
        # A move recorded after the date but dated before it is not news.
        dated_after = p.stage_since is None or p.stage_since > since
        moved_since = (
            p.stage != stage_then and dated_after
            if stage_then is not None
            else p.stage_since is not None and p.stage_since > since
        )
        if p.stage == Stage.CANCELLED and moved_since:
            out.cancelled.append(move)
        elif p.stage == Stage.SUSPENDED and moved_since:
            out.stalled.append(move)
        elif advanced(p.stage, p.stage_since, stage_then, since):
            out.advanced.append(move)
        elif p.stage not in SETTLED and p.stage_since is not None:
            crossed = p.stage_since + dt.timedelta(days=stalled_after_days)
            if since < crossed <= today:
                out.stalled.append(Transition(pk, p.stage, p.stage, p.stage_since))
    return out
