"""The API of the ingest pipeline: /api/v1/documents/ and /api/v1/facts/ with review actions.

POST /api/v1/documents/            ingest a text (the facts are proposed at once)
GET  /api/v1/documents/{id}        a document with its facts
GET  /api/v1/facts/                filter by status, kind, document
GET  /api/v1/facts/conflicts       the same figure from several sources, side by side
POST /api/v1/facts/{id}/accept     apply to a project/agreement/event (existing or new)
POST /api/v1/facts/{id}/correct    correct the figure read
POST /api/v1/facts/{id}/reject     with a reason
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.agreements.models import Agreement, Event
from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.pagination import PageQuery, json_response, page_response, page_schema, paginate
from keruen.api.payloads import attributes
from keruen.api.writes import change_reason, require_writer
from keruen.ingest import selectors, services
from keruen.ingest.models import Document, Fact
from keruen.ingest.sources import IngestItem
from keruen.parties.models import Organization
from keruen.projects.models import Project

router = Router(tags=["ingest"])


class FactOut(Schema):
    id: int
    document: int
    kind: str
    quote: str
    char_start: int
    char_end: int
    value: Decimal | None = None
    currency: str = ""
    unit: str = ""
    qualifier: str = ""
    region: str = ""
    region_code: str = ""
    counterparty_country: str = ""
    company: str = ""
    organization: str | None = None
    date: str = ""
    status: str
    group: str = ""
    review_note: str = ""


class DocumentOut(Schema):
    id: int
    title: str
    url: str
    publisher: str
    published_on: dt.date | None = None
    language: str
    supported: bool
    message: str = ""
    source: str
    facts_proposed: int = 0


class DocumentDetailOut(DocumentOut):
    text: str
    facts: list[FactOut]


class DocumentIn(Schema):
    title: str = Field(..., min_length=1, max_length=400)
    text: str = Field(..., min_length=1, max_length=200_000)
    url: str = Field("", max_length=500)
    publisher: str = Field("", max_length=200)
    published_on: dt.date | None = None
    html: bool = False


class FactQuery(PageQuery):
    status: str | None = Field(None, max_length=20)
    kind: str | None = Field(None, max_length=20)
    document: int | None = None


class AcceptIn(Schema):
    project: str | None = Field(None, max_length=40, description="an existing project's code")
    new_project: dict[str, Any] | None = Field(
        None, description="fields of a new project (title, regions, sectors, ...)"
    )
    agreement: str | None = Field(None, max_length=40)
    new_agreement: dict[str, Any] | None = None
    event: str | None = Field(None, max_length=80, description="an existing event's code")
    new_event: dict[str, Any] | None = None
    organization: str | None = Field(None, max_length=80)
    note: str = Field("", max_length=500)


class CorrectIn(Schema):
    value: Decimal | None = Field(None, ge=0, max_digits=24, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    unit: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=500)


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "id": f.pk,
        "document": f.document_id,
        **attributes(f, "kind", "quote", "char_start", "char_end"),
        **attributes(f, "value", "currency", "unit", "qualifier", "region", "region_code"),
        **attributes(f, "counterparty_country", "company"),
        "organization": f.organization.code if f.organization else None,
        **attributes(f, "date", "status"),
        "group": f.group_key,
        "review_note": f.review_note,
    }


def _document(d: Document) -> dict[str, Any]:
    return {
        "id": d.pk,
        **attributes(d, "title", "url", "publisher", "published_on", "language", "supported"),
        "message": d.message,
        "source": d.source.code,
        "facts_proposed": getattr(d, "proposed", 0),
    }


@router.get("/documents/", response={200: page_schema(DocumentOut), **PROBLEM_RESPONSES})
def document_list(request: HttpRequest, query: Query[PageQuery]) -> HttpResponse:
    qs = selectors.document_list(user=current_user(request)).select_related("source")
    count, rows = paginate(qs, query)
    return page_response(count, [_document(d) for d in rows])


@router.post(
    "/documents/", response={200: DocumentDetailOut, 201: DocumentDetailOut, **PROBLEM_RESPONSES}
)
def document_create(request: HttpRequest, body: DocumentIn) -> HttpResponse:
    user = current_user(request)
    require_writer(user)
    result = services.document_ingest(
        actor=user,
        item=IngestItem(
            text=body.text,
            title=body.title,
            origin="API",
            url=body.url,
            publisher=body.publisher,
            published_on=body.published_on,
            html=body.html,
        ),
    )
    return _detail(request, result.document.pk, status=201 if result.created else 200)


def _detail(request: HttpRequest, pk: int, *, status: int = 200) -> HttpResponse:
    user = current_user(request)
    doc = selectors.document_list(user=user).select_related("source").filter(pk=pk).first()
    if doc is None:
        raise Http404
    data = _document(doc) | {
        "text": doc.text,
        "facts": [_fact(f) for f in selectors.fact_list(user=user, document=doc)],
    }
    return json_response(data, status=status)


@router.get("/documents/{pk}", response={200: DocumentDetailOut, **PROBLEM_RESPONSES})
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@router.get("/facts/", response={200: page_schema(FactOut), **PROBLEM_RESPONSES})
def fact_list(request: HttpRequest, query: Query[FactQuery]) -> HttpResponse:
    user = current_user(request)
    qs = selectors.fact_list(user=user, status=query.status, kind=query.kind)
    if query.document is not None:
        qs = qs.filter(document_id=query.document)
    count, rows = paginate(qs, query)
    return page_response(count, [_fact(f) for f in rows])


@router.get("/facts/conflicts", response={200: list[list[FactOut]], **PROBLEM_RESPONSES})
def fact_conflicts(request: HttpRequest) -> HttpResponse:
    groups = selectors.fact_groups(user=current_user(request), conflicts_only=True)
    return json_response([[_fact(f) for f in g.facts] for g in groups])


def _writable_fact(request: HttpRequest, pk: int) -> tuple[Any, Fact]:
    user = current_user(request)
    require_writer(user)
    fact = selectors.fact_list(user=user).filter(pk=pk).first()
    if fact is None:
        raise Http404
    return user, fact


def _by_code(model: Any, key: str, value: str | None, field: str) -> Any:
    if not value:
        return None
    obj = model.objects.filter(**{key: value}).first()
    if obj is None:
        raise ValidationError({field: _("No record with the code %(code)r.") % {"code": value}})
    return obj


@router.post("/facts/{pk}/accept", response={200: FactOut, **PROBLEM_RESPONSES})
def fact_accept(request: HttpRequest, pk: int, body: AcceptIn) -> HttpResponse:
    user, fact = _writable_fact(request, pk)
    target = services.AcceptTarget(
        project=_by_code(Project, "code", body.project, "project"),
        new_project=body.new_project,
        agreement=_by_code(Agreement, "code", body.agreement, "agreement"),
        new_agreement=body.new_agreement,
        event=_by_code(Event, "slug", body.event, "event"),
        new_event=body.new_event,
        organization=_by_code(Organization, "code", body.organization, "organization"),
    )
    services.fact_accept(
        actor=user, fact=fact, target=target, note=change_reason(request, body.note, default="")
    )
    return json_response(_fact(fact))


@router.post("/facts/{pk}/correct", response={200: FactOut, **PROBLEM_RESPONSES})
def fact_correct(request: HttpRequest, pk: int, body: CorrectIn) -> HttpResponse:
    user, fact = _writable_fact(request, pk)
    services.fact_correct(
        actor=user,
        fact=fact,
        reason=change_reason(request, body.reason, default="Corrected"),
        value=body.value,
        currency=body.currency,
        unit=body.unit,
    )
    return json_response(_fact(fact))


@router.post("/facts/{pk}/reject", response={200: FactOut, **PROBLEM_RESPONSES})
def fact_reject(request: HttpRequest, pk: int, body: RejectIn) -> HttpResponse:
    user, fact = _writable_fact(request, pk)
    services.fact_reject(
        actor=user, fact=fact, reason=change_reason(request, body.reason, default="")
    )
    return json_response(_fact(fact))
