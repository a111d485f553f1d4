"""Writes of the ingest pipeline: documents in, facts proposed, reviewed, applied to the registry.

A reviewer's acceptance changes the registry only through the registry's own services, with the
fact named in the reason and the document's source added to the record's sources; a
`FactApplication` row keeps the link from the field back to the fact and its span.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.accounts.policy import CHANGE, can, may_write
from keruen.agreements.models import Agreement, Event
from keruen.agreements.services import agreement_create, agreement_update, event_create
from keruen.core.history import apply_changes, save_with_history
from keruen.core.models import Source
from keruen.core.services import source_get_or_create
from keruen.core.types import Actor
from keruen.ingest.extraction import stories
from keruen.ingest.extraction.pipeline import extract
from keruen.ingest.models import Document, Fact, FactApplication
from keruen.ingest.selectors import same_news_as
from keruen.ingest.sources import IngestItem
from keruen.parties.models import Organization, OrganizationAlias
from keruen.parties.selectors import OrganizationIndex
from keruen.parties.services import normalize_name, organization_alias_add, organization_create
from keruen.projects.models import Project
from keruen.projects.services import project_create, project_update

#: Fact kinds whose figure can be set on one registry record, and the field it sets.
MONEY_KINDS = {"project", "investment_amount", "agreement", "agreement_value"}
AGGREGATE_KINDS = {"project_count", "agreement_count", "target"}


def _user(actor: Actor) -> Any:
    """The actor as a user to store, or None for Keruen itself."""
    return actor if actor is not None and actor.pk else None


def group_key(fact: dict[str, Any], organization: Organization | None, story: str) -> str:
    """Facts about the same thing from several outlets (``extraction.stories``): the document's
    story for totals and events, else place, partner and company (the resolved one's code)."""
    company = organization.code if organization else normalize_name(fact.get("company", ""))[:60]
    return stories.group_key(fact, company, story)


def _content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass
class IngestResult:
    document: Document
    created: bool
    facts: int


@transaction.atomic
def document_ingest(
    *, actor: Actor, item: IngestItem, index: OrganizationIndex | None = None
) -> IngestResult:
    """Store one text and the facts the extractor proposes from it; a text already ingested
    (same words) is not stored twice."""
    result = extract(item.text, html=item.html)
    text = result.text or item.text
    if not text.strip():
        raise ValidationError({"text": _("%(origin)s holds no text.") % {"origin": item.origin}})
    digest = _content_hash(text)
    existing = Document.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(existing, False, existing.facts.count())
    source = source_get_or_create(
        actor=actor,
        reason=_("Document ingested"),
        code=f"doc-{digest[:16]}",
        kind=Source.Kind.PRESS_RELEASE,
        title=item.title[:400],
        publisher=item.publisher,
        url=item.url,
        published_on=item.published_on,
    )
    doc = Document.objects.create(
        title=item.title[:400],
        url=item.url,
        publisher=item.publisher[:200],
        published_on=item.published_on,
        origin=item.origin[:500],
        language=result.language,
        supported=result.supported,
        message=result.message or "",
        text=text,
        content_hash=digest,
        source=source,
        ingested_by=_user(actor),
    )
    index = index or OrganizationIndex()
    facts = []
    story = stories.story_of(f.to_json_dict(with_rule=True) for f in result.facts)
    for f in result.facts:
        data = f.to_json_dict()
        org = None
        for name in (data.get("company") or "").split("; "):
            org = index.find(name) if name else None
            if org:
                break
        facts.append(
            Fact(
                document=doc,
                kind=data["kind"],
                quote=data["quote"],
                char_start=data["char_start"],
                char_end=data["char_end"],
                value=Decimal(data["value"]) if data.get("value") is not None else None,
                currency=data.get("currency", ""),
                unit=data.get("unit", ""),
                qualifier=data.get("qualifier", ""),
                region=data.get("region", "")[:300],
                region_code=data.get("region_code", ""),
                counterparty_country=data.get("counterparty_country", ""),
                company=data.get("company", "")[:400],
                organization=org,
                date=data.get("date", "")[:100],
                rule=f.rule[:100],
                group_key=group_key(data, org, story),
            )
        )
    Fact.objects.bulk_create(facts)
    return IngestResult(doc, True, len(facts))


def documents_ingest(
    *, actor: Actor, items: Iterable[IngestItem], progress: Any = None
) -> list[IngestResult]:
    index = OrganizationIndex()
    out = []
    for item in items:
        out.append(document_ingest(actor=actor, item=item, index=index))
        if progress is not None:
            progress.update(1)
    return out


def _require_reviewer(actor: Actor) -> None:
    if not may_write(actor):
        raise PermissionDenied(_("Only coordinators and editors review facts."))


def _mark(fact: Fact, *, actor: Actor, status: str, note: str) -> None:
    fact.status = status
    fact.review_note = note
    fact.reviewed_by = _user(actor)
    fact.reviewed_at = timezone.now()
    save_with_history(fact, actor=actor, reason=note or status, validate=False)


@transaction.atomic
def fact_reject(*, actor: Actor, fact: Fact, reason: str) -> Fact:
    _require_reviewer(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the fact is rejected.")})
    _mark(fact, actor=actor, status=Fact.Status.REJECTED, note=reason)
    return fact


@transaction.atomic
def fact_correct(
    *,
    actor: Actor,
    fact: Fact,
    reason: str,
    value: Decimal | None = None,
    currency: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
) -> Fact:
    """Correct what the extractor read (the quote and span stay: they are what the text says)."""
    _require_reviewer(actor)
    changes: dict[str, Any] = {}
    if value is not None:
        if value < 0:
            raise ValidationError({"value": _("Expected a number of zero or more.")})
        changes["value"] = value
    if currency is not None:
        changes["currency"] = currency.upper()
    if unit is not None:
        changes["unit"] = unit
    if kind is not None:
        if kind not in Fact.Kind.values:
            raise ValidationError({"kind": _("Unknown fact kind %(kind)r.") % {"kind": kind}})
        changes["kind"] = kind
    if apply_changes(fact, changes):
        fact.review_note = reason
        save_with_history(fact, actor=actor, reason=reason or _("Corrected by a reviewer"))
    return fact


@dataclass
class AcceptTarget:
    """What an accepted fact changes: an existing record, or a new one described here."""

    project: Project | None = None
    new_project: dict[str, Any] | None = None  # title, regions, sectors, ...
    agreement: Agreement | None = None
    new_agreement: dict[str, Any] | None = None  # title, kind, ...
    event: Event | None = None
    new_event: dict[str, Any] | None = None  # slug, title, kind, starts_on
    organization: Organization | None = None
    new_organization: dict[str, Any] | None = None  # name, kind
    applied: list[FactApplication] = field(default_factory=list)


def _apply(fact: Fact, obj: models.Model, field_name: str, actor: Actor) -> FactApplication:
    return FactApplication.objects.create(
        fact=fact,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field_name,
        applied_by=_user(actor),
    )


def _money_fields(fact: Fact, prefix: str, on: dt.date) -> dict[str, Any]:
    if fact.value is None or not fact.currency:
        return {}
    return {
        f"{prefix}_amount": fact.value,
        f"{prefix}_currency": fact.currency,
        f"{prefix}_date": on,
    }


def _applied_field(fields: dict[str, Any], money: str) -> str:
    """What a provenance row names: the money (`total_investment`), a count field, or the record."""
    if any(name.startswith(f"{money}_") for name in fields):
        return money
    return next(iter(fields), "record")


def _check_change(actor: Actor, obj: models.Model) -> None:
    if not can(actor, CHANGE, obj):
        raise PermissionDenied(_("You may not change %(obj)s.") % {"obj": obj})


@transaction.atomic
def fact_accept(*, actor: Actor, fact: Fact, target: AcceptTarget, note: str = "") -> Fact:
    """Accept a fact: apply its figure to the record it concerns, through the services.

    The other proposed facts of its group (the same thing reported by other outlets) are marked
    superseded: the registry keeps the one the reviewer chose.
    """
    _require_reviewer(actor)
    if fact.status == Fact.Status.ACCEPTED:
        raise ValidationError(_("Fact %(id)s is already accepted.") % {"id": fact.pk})
    doc = fact.document
    on = doc.published_on or timezone.localdate()
    reason = _("Accepted fact %(id)s from “%(title)s”: “%(quote)s”") % {
        "id": fact.pk,
        "title": doc.title[:80],
        "quote": fact.quote[:160],
    }
    source = doc.source

    if fact.kind in ("project", "investment_amount", "jobs"):
        fields: dict[str, Any] = {}
        if fact.kind == "jobs" and fact.value is not None:
            name = (
                "construction_jobs_planned" if fact.unit == "construction jobs" else "jobs_planned"
            )
            fields[name] = int(fact.value)
        else:
            fields.update(_money_fields(fact, "total_investment", on))
        if target.project is not None:
            _check_change(actor, target.project)
            sources = [*target.project.sources.all(), source]
            project, _changed = project_update(
                actor=actor, reason=reason, project=target.project, sources=sources, **fields
            )
        elif target.new_project is not None:
            values = {**target.new_project, **fields}
            values.setdefault("regions", [fact.region_code] if fact.region_code else [])
            project = project_create(actor=actor, reason=reason, sources=[source], **values)
        else:
            raise ValidationError(
                {"project": _("Choose the project this fact is about, or describe a new one.")}
            )
        _apply(fact, project, _applied_field(fields, "total_investment"), actor)
    elif fact.kind in ("agreement", "agreement_value"):
        fields = _money_fields(fact, "value", on)
        if target.agreement is not None:
            _check_change(actor, target.agreement)
            agreement, _changed = agreement_update(
                actor=actor,
                reason=reason,
                agreement=target.agreement,
                sources=[*target.agreement.sources.all(), source],
                **fields,
            )
        elif target.new_agreement is not None:
            values = {**target.new_agreement, **fields}
            agreement = agreement_create(actor=actor, reason=reason, sources=[source], **values)
        else:
            raise ValidationError(
                {"agreement": _("Choose the agreement this fact is about, or describe a new one.")}
            )
        _apply(fact, agreement, _applied_field(fields, "value"), actor)
    elif fact.kind == "event":
        if target.event is not None:
            event = target.event
        elif target.new_event is not None:
            event = event_create(actor=actor, reason=reason, sources=[source], **target.new_event)
        else:
            raise ValidationError({"event": _("Choose the event, or describe a new one.")})
        _apply(fact, event, "record", actor)
    # Aggregates (counts, targets) are accepted as reviewed statements; they set no record.

    if target.organization is not None or target.new_organization is not None:
        org = target.organization or organization_create(
            actor=actor, reason=reason, **(target.new_organization or {})
        )
        if fact.company and fact.company != org.name:
            for name in fact.company.split("; "):
                organization_alias_add(
                    actor=actor,
                    reason=reason,
                    organization=org,
                    alias=name[:300],
                    script=OrganizationAlias.Script.OTHER,
                )
        fact.organization = org
    _mark(fact, actor=actor, status=Fact.Status.ACCEPTED, note=note or reason)
    if fact.group_key:
        for other in same_news_as(fact):
            _mark(
                other,
                actor=actor,
                status=Fact.Status.SUPERSEDED,
                note=_("Another source's figure was chosen (fact %(id)s).") % {"id": fact.pk},
            )
    return fact
