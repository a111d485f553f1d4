"""What the public may see, read through the same selectors and access policy as every page.

The reader of every portal page, file and feed is the anonymous user: records come from the
apps' own selectors (`project_list`, `agreement_list`, `event_list`, ...), which start from
`restrict(AnonymousUser, "view")`, and fields from `accounts.policy.hidden_fields`. Nothing here
decides by itself what is confidential.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Max, QuerySet
from django.http import Http404
from django.urls import reverse

from keruen.accounts.policy import hidden_fields
from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import AgreementFilters, EventFilters, agreement_list, event_list
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.projects.selectors import ProjectFilters, project_detail_queryset, project_list
from keruen.web.changes import Entry, changes

#: The one reader of the portal.
PUBLIC = AnonymousUser()

#: Models whose change history dates every public page (creations, edits, deletions).
DATED_MODELS: tuple[type[models.Model], ...] = (Project, Agreement, Event, Organization)


def projects(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    return project_list(user=PUBLIC, filters=filters)


def project(code: str) -> Project:
    try:
        return project_detail_queryset(user=PUBLIC).get(code=code)
    except Project.DoesNotExist:
        raise Http404(code) from None


def agreements(filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    return agreement_list(user=PUBLIC, filters=filters)


def agreement(code: str) -> Agreement:
    qs = agreements().prefetch_related("parties__organization", "sources")
    try:
        return qs.get(code=code)
    except Agreement.DoesNotExist:
        raise Http404(code) from None


def events(filters: EventFilters | None = None) -> QuerySet[Event]:
    return event_list(user=PUBLIC, filters=filters)


def event(slug: str) -> Event:
    try:
        return events().prefetch_related("participants", "sources").get(slug=slug)
    except Event.DoesNotExist:
        raise Http404(slug) from None


def investors(q: str | None = None) -> QuerySet[Organization]:
    """Organizations that invest in at least one public project."""
    qs = Organization.objects.restrict(PUBLIC, "view").filter(
        investments__project__in=projects().values("pk")
    )
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(name_ru__icontains=q)
    return Organization.objects.filter(pk__in=qs.values("pk")).select_related("country")


def investor(code: str) -> Organization:
    try:
        return investors().get(code=code)
    except Organization.DoesNotExist:
        raise Http404(code) from None


def hidden(model: Any) -> frozenset[str]:
    """The fields of `model` the public may not see (the access policy's answer)."""
    return hidden_fields(PUBLIC, model)


def _related_records_hidden(model: type[models.Model]) -> frozenset[str]:
    """Relations to records that may be confidential: a change of such a field would name the
    related record, which the public may not see, so the public history leaves the field out."""
    return frozenset(
        f.name
        for f in model._meta.get_fields()
        if f.is_relation
        and f.concrete
        and f.related_model is not None
        and any(g.name == "confidentiality" for g in f.related_model._meta.concrete_fields)
    )


def public_history(obj: models.Model, *, limit: int = 20) -> list[Entry]:
    """The record's changes of the fields the public may see, without who made them or why
    (names of staff and their comments are not public)."""
    hide = hidden(obj) | _related_records_hidden(type(obj)) | {"confidentiality"}
    entries = changes(obj, limit=limit, hidden=frozenset(hide))
    return [
        Entry(date=e.date, user=None, reason="", kind=e.kind, changes=e.changes) for e in entries
    ]


def last_changed() -> dt.datetime | None:
    """When anything a public page may show last changed: the latest history row of the dated
    models, public or not (a record withdrawn from the public changes the pages too)."""
    dates = [
        m.history.aggregate(d=Max("history_date"))["d"]  # type: ignore[attr-defined]
        for m in DATED_MODELS
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class PublicChange:
    """One change of a public record, for the Atom feed."""

    record: Any
    date: dt.datetime
    kind: str
    fields: list[str]

    @property
    def url(self) -> str:
        name, key = PAGES[type(self.record)]
        return reverse(name, args=[getattr(self.record, key)])


#: Each public record's page: URL name and the field its address is made of.
PAGES: dict[type[models.Model], tuple[str, str]] = {
    Project: ("portal:project", "code"),
    Agreement: ("portal:agreement", "code"),
    Event: ("portal:event", "slug"),
}


def public_changes(*, limit: int = 50) -> list[PublicChange]:
    """The latest changes of public projects, agreements and events, newest first."""
    out: list[PublicChange] = []
    for qs in (projects(), agreements(), events()):
        model = qs.model
        recent = model.history.filter(id__in=qs.values("pk"))
        ids = list(
            dict.fromkeys(
                recent.order_by("-history_date", "-history_id").values_list("id", flat=True)[:limit]
            )
        )
        for record in model._default_manager.filter(pk__in=ids):
            out.extend(
                PublicChange(
                    record=record,
                    date=entry.date,
                    kind=entry.kind,
                    fields=[str(c.label) for c in entry.changes],
                )
                for entry in public_history(record, limit=5)
            )
    out.sort(key=lambda c: (c.date, str(c.record.pk)), reverse=True)
    return out[:limit]
