"""Inferred status: what a project's silence says, shown beside its declared stage, never over it.

Following Global Energy Monitor's trackers (a project with no news for two years is inferred
shelved, for four years cancelled), a project that is neither operating nor cancelled gets an
inferred status from the date of its last sign of progress — the latest of: its last change of
stage (`stage_since`), a milestone met (`actual_on`), a source published about it
(`published_on`):

| no progress for at least | inferred |
|---|---|
| 12 months | `stalled` |
| 24 months | `shelved` |
| 48 months | `cancelled` (shown as "likely cancelled") |

`settings.KERUEN_INFERRED_STATUS_MONTHS` overrides the thresholds (a dict with the three keys).
A project declared suspended is already known to be stalled: it is inferred only from "shelved"
on. A project with no dated sign of progress at all gets no inference (nothing to judge by).

The inference is computed, never stored; the declared stage changes only when an editor confirms
it (`projects.services.project_confirm_inferred_status`), with history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.projects.models import Project, Stage

#: Months without progress after which each status is inferred, mildest first.
DEFAULT_MONTHS = {"stalled": 12, "shelved": 24, "cancelled": 48}

LABELS = {
    "stalled": gettext_lazy("stalled"),
    "shelved": gettext_lazy("shelved"),
    "cancelled": gettext_lazy("likely cancelled"),
}

#: The declared stage an editor's confirmation gives each inferred status.
CONFIRMED_STAGE = {
    "stalled": Stage.SUSPENDED,
    "shelved": Stage.SUSPENDED,
    "cancelled": Stage.CANCELLED,
}

#: Declared stages never inferred (operating and cancelled projects are not expected to move).
SETTLED = (Stage.OPERATING, Stage.CANCELLED)


@dataclass(frozen=True)
class InferredStatus:
    status: str  # stalled, shelved, cancelled
    reason: str  # in the active language
    since: dt.date  # the day the threshold was crossed
    last_progress: dt.date

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


def thresholds() -> dict[str, int]:
    return {**DEFAULT_MONTHS, **getattr(settings, "KERUEN_INFERRED_STATUS_MONTHS", {})}


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def infer(
    *, stage: str, last_progress: dt.date | None, today: dt.date | None = None
) -> InferredStatus | None:
    """The status that `last_progress` implies today for a project declared in `stage`."""
    if stage in SETTLED or last_progress is None:
        return None
    today = today or timezone.localdate()
    found: InferredStatus | None = None
    for status, months in sorted(thresholds().items(), key=lambda kv: kv[1]):
        since = add_months(last_progress, months)
        if since > today or (stage == Stage.SUSPENDED and status == "stalled"):
            continue
        found = InferredStatus(
            status=status,
            reason=_(
                "No change of stage, milestone met or source published since %(date)s "
                "(%(months)s months or more without progress: %(rule)s)."
            )
            % {
                "date": date_format(last_progress, "DATE_FORMAT"),
                "months": months,
                "rule": LABELS[status],
            },
            since=since,
            last_progress=last_progress,
        )
    return found


def last_progress_of(pks: Iterable[int]) -> dict[int, dt.date | None]:
    """Each project's latest sign of progress, in one query (Max is not inflated by the joins)."""
    rows = (
        Project.objects.filter(pk__in=list(pks))
        .annotate(met=Max("milestones__actual_on"), published=Max("sources__published_on"))
        .values_list("pk", "stage_since", "met", "published")
    )
    return {pk: max((d for d in dates if d is not None), default=None) for pk, *dates in rows}


def inferred_statuses(
    projects: Iterable[tuple[int, str]], *, today: dt.date | None = None
) -> dict[int, InferredStatus]:
    """The inferred status of each `(pk, declared stage)` that has one."""
    stages = dict(projects)
    last = last_progress_of(stages)
    out = {}
    for pk, stage in stages.items():
        found = infer(stage=stage, last_progress=last.get(pk), today=today)
        if found is not None:
            out[pk] = found
    return out


def inferred_status(project: Project, *, today: dt.date | None = None) -> InferredStatus | None:
    return inferred_statuses([(project.pk, project.stage)], today=today).get(project.pk)
