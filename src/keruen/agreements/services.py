"""Writes of events and agreements, and the links from agreements to the projects they became."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.core.history import (
    apply_changes,
    delete_with_history,
    delete_with_parts,
    save_with_history,
)
from keruen.core.models import editable_fields
from keruen.core.money import FxTable, derive_usd
from keruen.core.services import check_fields, free_value
from keruen.core.types import Actor
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.selectors import Resolver


@dataclass(frozen=True)
class PartyInput:
    organization: Organization
    role: str = AgreementParty.Role.SIGNATORY


#: Participants and sources are set by their own arguments.
EVENT_FIELDS = editable_fields(Event, exclude={"slug"})[0]
AGREEMENT_FIELDS, AGREEMENT_RELATIONS = editable_fields(Agreement, exclude={"code"})


def _validate_event(event: Event) -> None:
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError(
            {
                "ends_on": _("The end date (%(end)s) is before the start (%(start)s).")
                % {"end": event.ends_on, "start": event.starts_on}
            }
        )


def event_slug_for(title: str, starts_on: dt.date) -> str:
    """A free slug for a new event: its title and year (`astana-forum-2025`, `-2`, ...)."""
    base = f"{slugify(title)[:60] or 'event'}-{starts_on.year}"
    return free_value(Event, "slug", base)


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    reason: str,
    slug: str,
    title: str,
    kind: str,
    starts_on: dt.date,
    participants: Sequence[Organization] = (),
    sources: Sequence[Any] = (),
    **values: Any,
) -> Event:
    check_fields(values, EVENT_FIELDS, "event")
    event = Event(slug=slug, title=title, kind=kind, starts_on=starts_on, **values)
    _validate_event(event)
    save_with_history(event, actor=actor, reason=reason, m2m={"participants": participants})
    if sources:
        event.sources.set(sources)
    return event


@transaction.atomic
def event_update(*, actor: Actor, reason: str, event: Event, **changes: Any) -> tuple[Event, bool]:
    participants = changes.pop("participants", None)
    check_fields(changes, EVENT_FIELDS, "event")
    m2m = {"participants": participants} if participants is not None else {}
    changed = apply_changes(event, changes, m2m)
    _validate_event(event)
    if changed:
        save_with_history(event, actor=actor, reason=reason, m2m=m2m)
    return event, bool(changed)


def agreement_next_code() -> str:
    last = Agreement.objects.filter(code__regex=r"^A-[0-9]{6}$").aggregate(m=Max("code"))["m"]
    return f"A-{(int(last[2:]) + 1) if last else 1:06d}"


def _relations(values: dict[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    if "projects" in values:
        out["projects"] = []
        for p in values["projects"]:
            if isinstance(p, Project):
                out["projects"].append(p)
                continue
            found = Project.objects.filter(code=p).first()
            if found is None:
                raise ValidationError({"projects": _("Unknown project %(value)r.") % {"value": p}})
            out["projects"].append(found)
    if "portfolios" in values:
        from keruen.projects.models import Portfolio

        out["portfolios"] = [
            p if isinstance(p, Portfolio) else Portfolio.objects.get(slug=p)
            for p in values["portfolios"]
        ]
    if "sources" in values:
        out["sources"] = list(values["sources"])
    return out


def _save_parties(
    agreement: Agreement, parties: Sequence[PartyInput], *, actor: Actor, reason: str
) -> bool:
    wanted = {(p.organization.pk, p.role): p for p in parties}
    changed = False
    for existing in list(agreement.parties.all()):
        key = (existing.organization_id, existing.role)
        if key in wanted:
            del wanted[key]
        else:
            delete_with_history(existing, actor=actor, reason=reason)
            changed = True
    for p in wanted.values():
        save_with_history(
            AgreementParty(agreement=agreement, organization=p.organization, role=p.role),
            actor=actor,
            reason=reason,
        )
        changed = True
    return changed


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    reason: str,
    title: str,
    kind: str,
    code: str | None = None,
    parties: Sequence[PartyInput] = (),
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **values: Any,
) -> Agreement:
    resolver = resolver or Resolver()
    rels = {k: values.pop(k) for k in list(values) if k in AGREEMENT_RELATIONS}
    check_fields(values, AGREEMENT_FIELDS, "agreement")
    values = resolver.money_currencies(Agreement, values)
    agreement = Agreement(code=code or agreement_next_code(), title=title, kind=kind, **values)
    derive_usd(agreement, fx)
    save_with_history(agreement, actor=actor, reason=reason, m2m=_relations(rels))
    if parties:
        _save_parties(agreement, parties, actor=actor, reason=reason)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    reason: str,
    agreement: Agreement,
    parties: Sequence[PartyInput] | None = None,
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **changes: Any,
) -> tuple[Agreement, bool]:
    resolver = resolver or Resolver()
    rels = {k: changes.pop(k) for k in list(changes) if k in AGREEMENT_RELATIONS}
    check_fields(changes, AGREEMENT_FIELDS, "agreement")
    changes = resolver.money_currencies(Agreement, changes)
    relations = _relations(rels)
    changed = apply_changes(agreement, changes, relations)
    if changed:
        derive_usd(agreement, fx)
        save_with_history(agreement, actor=actor, reason=reason, m2m=relations)
    parties_changed = (
        _save_parties(agreement, parties, actor=actor, reason=reason)
        if parties is not None
        else False
    )
    return agreement, bool(changed) or parties_changed


@transaction.atomic
def agreement_link_projects(
    *, actor: Actor, reason: str, agreement: Agreement, projects: Sequence[Project]
) -> Agreement:
    """Record that `agreement` became `projects` (added to those already linked)."""
    current = set(agreement.projects.values_list("pk", flat=True))
    wanted = list(agreement.projects.all()) + [p for p in projects if p.pk not in current]
    agreement_update(actor=actor, reason=reason, agreement=agreement, projects=wanted)
    return agreement


@transaction.atomic
def agreement_delete(*, actor: Actor, reason: str, agreement: Agreement) -> None:
    delete_with_parts(agreement, agreement.parties.all(), actor=actor, reason=reason)
