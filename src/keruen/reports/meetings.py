"""Meetings' data freeze: freezing a meeting's briefs, listing meetings, reading a frozen brief.

A meeting is an `agreements.Event` of kind meeting (the instructions' meetings). Freezing builds
the brief as Keruen itself sees it (all records), for every portfolio and for all projects, in
kk, ru and en, and stores each (`MeetingSnapshot`). A meeting is frozen once: the record of what
was on the table does not move (freezing again is refused).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keruen.accounts.policy import is_coordinator
from keruen.agreements.models import Event
from keruen.core.types import Actor
from keruen.projects.models import Portfolio
from keruen.reports.briefing import Briefing, briefing_build
from keruen.reports.briefing.snapshot import briefing_dump, briefing_load
from keruen.reports.models import MeetingSnapshot

LANGUAGES = ("kk", "ru", "en")


def meeting_get(slug: str) -> Event:
    event = Event.objects.filter(slug=slug, kind=Event.Kind.MEETING).first()
    if event is None:
        raise ValidationError({"meeting": _("No meeting %(slug)s.") % {"slug": slug}})
    return event


def meeting_rows() -> list[dict[str, Any]]:
    """Every meeting, newest first: `id` (its code), `title`, `date`, `frozen`, `frozen_at`."""
    frozen = {
        e: at
        for e, at in MeetingSnapshot.objects.order_by("frozen_at").values_list(
            "event_id", "frozen_at"
        )
    }
    return [
        {
            "id": e.slug,
            "title": e.title,
            "date": e.starts_on.isoformat() if e.starts_on else None,
            "frozen": e.pk in frozen,
            "frozen_at": frozen[e.pk].isoformat() if e.pk in frozen else None,
        }
        for e in Event.objects.filter(kind=Event.Kind.MEETING).order_by("-starts_on", "slug")
    ]


@transaction.atomic
def meeting_freeze(*, actor: Actor, event: Event) -> list[MeetingSnapshot]:
    """Freeze the meeting's briefs (coordinators; Keruen itself)."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators freeze a meeting's figures."))
    if MeetingSnapshot.objects.filter(event=event).exists():
        raise ValidationError(
            {"meeting": _("Meeting %(slug)s is frozen already.") % {"slug": event.slug}}
        )
    user: Any = actor if actor is not None and actor.pk else None
    out = []
    for slug in [None, *Portfolio.objects.order_by("slug").values_list("slug", flat=True)]:
        for language in LANGUAGES:
            brief = briefing_build(user=None, portfolio=slug, language=language)
            out.append(
                MeetingSnapshot.objects.create(
                    event=event,
                    portfolio=slug or "",
                    language=language,
                    data=briefing_dump(brief),
                    frozen_by=user,
                )
            )
    return out


def meeting_brief(*, event: Event, portfolio: str | None, language: str) -> Briefing:
    """The brief as frozen at the meeting."""
    snapshot = MeetingSnapshot.objects.filter(
        event=event, portfolio=portfolio or "", language=language
    ).first()
    if snapshot is None:
        if not MeetingSnapshot.objects.filter(event=event).exists():
            raise ValidationError(
                {
                    "as_of_meeting": _(
                        "Meeting %(slug)s is not frozen (keruen meetings freeze %(slug)s)."
                    )
                    % {"slug": event.slug}
                }
            )
        raise ValidationError(
            {
                "portfolio": _("Meeting %(slug)s has no frozen brief of portfolio %(p)s.")
                % {"slug": event.slug, "p": portfolio}
            }
        )
    return briefing_load(snapshot.data)
