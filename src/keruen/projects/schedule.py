"""A project's schedule: milestones against their baseline (docs/milestones.md).

The baseline is the planned date frozen when the schedule is approved; the forecast is when the
milestone is now expected. A milestone's slip is its forecast (or, once met, its actual date)
less its baseline, in days. The project's forecast completion is its planned completion moved by
the largest slip of its critical milestones. Milestone templates per sector propose the
milestones of a new project, dated from its start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from keruen.projects.models import Milestone


class Dated(Protocol):
    planned_on: dt.date | None
    baseline_on: dt.date | None
    forecast_on: dt.date | None
    actual_on: dt.date | None
    is_critical: bool


@dataclass(frozen=True)
class TemplateStep:
    kind: str
    #: Days after the project's start.
    offset: int
    critical: bool = False


K = Milestone.Kind

#: The milestones of a template, in order; those marked critical move the forecast completion.
STEPS = (
    (K.AGREEMENT, False),
    (K.LAND, True),
    (K.DESIGN, False),
    (K.FINANCING, True),
    (K.CONSTRUCTION_START, False),
    (K.COMMISSIONING, True),
)
#: Milestone templates per sector (codes of `reference.Sector`): each step's days after the
#: project's start, in the order of STEPS (None: the sector's template has no such step). For a
#: project in several of these sectors, the first listed here applies. Offsets are typical, not
#: norms: the editor adjusts the dates.
OFFSETS: dict[str, tuple[int | None, ...]] = {
    "manufacturing": (0, 90, 240, 300, 360, 900),
    "energy": (0, 120, 300, 420, 480, 1080),
    "agro-industrial": (0, 60, None, 180, 240, 600),
}
TEMPLATES: dict[str, tuple[TemplateStep, ...]] = {
    sector: tuple(
        TemplateStep(kind, offset, critical=critical)
        for (kind, critical), offset in zip(STEPS, offsets, strict=True)
        if offset is not None
    )
    for sector, offsets in OFFSETS.items()
}


def template_for(sector_codes: Iterable[str]) -> tuple[str, tuple[TemplateStep, ...]] | None:
    """The sector code and template for a project in these sectors, or None."""
    codes = set(sector_codes)
    return next(((c, steps) for c, steps in TEMPLATES.items() if c in codes), None)


def proposed_milestones(steps: Sequence[TemplateStep], start: dt.date) -> list[dict[str, Any]]:
    """The template's milestones dated from `start`: the values `milestone_create` takes."""
    return [
        {
            "kind": s.kind,
            "planned_on": start + dt.timedelta(days=s.offset),
            "is_critical": s.critical,
        }
        for s in steps
    ]


def expected_on(m: Dated) -> dt.date | None:
    """When the milestone was met, or is now expected."""
    return m.actual_on or m.forecast_on or m.planned_on


def slip_days(m: Dated) -> int | None:
    """Days the milestone is (or was met) after its baseline; negative when ahead; None without
    a baseline."""
    expected = expected_on(m)
    if m.baseline_on is None or expected is None:
        return None
    return (expected - m.baseline_on).days


def critical_slip(milestones: Iterable[Dated]) -> int | None:
    """The largest slip of the critical milestones that have a baseline, or None."""
    slips = [s for m in milestones if m.is_critical and (s := slip_days(m)) is not None]
    return max(slips) if slips else None


def forecast_completion(end_on: dt.date | None, milestones: Iterable[Dated]) -> dt.date | None:
    """The planned completion moved by the critical slip (only later, never earlier)."""
    if end_on is None:
        return None
    slip = critical_slip(milestones)
    return end_on + dt.timedelta(days=slip) if slip and slip > 0 else end_on
