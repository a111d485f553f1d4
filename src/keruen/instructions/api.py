"""API of meetings and their instructions: lists, items, the actions, reports, history.

Coordinators create, extend, escalate and close; executors (agency officers, regional editors)
see, start and report on their own instructions only; analysts read all; the public none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from keruen.api.auth import current_user
from keruen.api.crud import Resource, calling
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import item_response
from keruen.api.ordering import apply_sort
from keruen.api.pagination import PageQuery, json_response, page_schema, paginate
from keruen.api.writes import change_reason, refuse_nulls
from keruen.instructions import selectors, services
from keruen.instructions.models import Instruction, InstructionReport
from keruen.instructions.selectors import InstructionFilters

router = Router(tags=["instructions"])

SORTS = {
    "deadline": "deadline",
    "number": "number",
    "status": "status",
    "lead_executor": "lead_executor__code",
    "created_at": "created_at",
}


class MeetingQuery(PageQuery):
    pass


class InstructionQuery(PageQuery):
    status: str | None = Field(None, description="open, in_progress, reported or closed")
    executor: str | None = Field(None, description="organization code, lead or co-executor")
    region: str | None = Field(None, description="ISO 3166-2 code, e.g. KZ-19")
    meeting: str | None = Field(None, description="the meeting's code (event slug)")
    overdue: bool | None = Field(None, description="past the deadline (Asia/Almaty), not closed")
    escalated: bool | None = None
    q: str | None = Field(None, max_length=200, description="text search")


class InstructionIn(Schema):
    text: str
    text_ru: str = ""
    text_kk: str = ""
    expected_result: str = ""
    number: str | None = None
    meeting: str | None = Field(None, description="the meeting's code (event slug)")
    lead_executor: str = Field(..., description="organization code")
    co_executors: list[str] = []
    deadline: dt.date
    projects: list[str] = []
    agreements: list[str] = []
    regions: list[str] = []
    portfolio: str | None = None
    reason: str | None = None


class InstructionPatch(Schema):
    text: str | None = None
    text_ru: str | None = None
    text_kk: str | None = None
    expected_result: str | None = None
    meeting: str | None = None
    lead_executor: str | None = None
    co_executors: list[str] | None = None
    projects: list[str] | None = None
    agreements: list[str] | None = None
    regions: list[str] | None = None
    portfolio: str | None = None
    reason: str | None = None


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class ExtendIn(Schema):
    new_deadline: dt.date
    reason: str = Field(..., min_length=1, max_length=500)


class EscalateIn(Schema):
    reason: str = ""
    escalated: bool = True


class ReportIn(Schema):
    text: str = Field(..., min_length=1)
    links: list[str] = []
    final: bool = False


class MeetingOut(Schema):
    slug: str
    title: str
    date: dt.date
    place: str
    chair: str
    instruction_count: int | None
    is_illustrative: bool


class OrganizationRef(Schema):
    code: str
    name: str
    kind: str


class SourceRef(Schema):
    code: str
    title: str
    url: str
    kind: str


class InstructionOut(Schema):
    id: int
    number: str
    text: str
    text_en: str
    text_ru: str
    text_kk: str
    expected_result: str
    meeting: str | None
    lead_executor: str = Field(..., description="organization code")
    co_executors: list[str]
    deadline: dt.date
    status: str
    overdue: bool = Field(..., description="deadline passed in Asia/Almaty, not closed")
    days_overdue: int
    reported_on: dt.date | None
    closed_on: dt.date | None
    close_reason: str
    escalated: bool
    escalation_reason: str
    projects: list[str]
    agreements: list[str]
    regions: list[str]
    portfolio: str | None
    is_illustrative: bool


class MeetingDetailOut(MeetingOut):
    participants: list[OrganizationRef]
    minutes: list[SourceRef]
    instructions: list[InstructionOut]


class AttachmentOut(Schema):
    name: str
    url: str
    size: int | None


class ReportOut(Schema):
    id: int
    date: dt.date
    organization: str | None
    author: str | None
    text: str
    links: list[str]
    final: bool
    attachments: list[AttachmentOut]
    created_at: dt.datetime


class ExtensionOut(Schema):
    previous_deadline: dt.date
    new_deadline: dt.date
    reason: str
    approved_by: str | None
    at: dt.datetime


class FieldChange(Schema):
    from_: Any = Field(None, alias="from")
    to: Any = None


class HistoryOut(Schema):
    at: dt.datetime
    type: str
    user: str | None = Field(..., description="who made the change (username)")
    reason: str
    status: str
    changes: dict[str, FieldChange]


class ScorecardOut(Schema):
    code: str
    name: str
    instructions: int
    closed: int
    on_time: int
    late: int
    overdue: int
    pending: int
    on_time_rate: float | None = Field(..., description="on time / (closed + overdue)")
    average_delay_days: float | None


class NotificationOut(Schema):
    id: int
    kind: str
    message: str
    instruction: int | None
    created_at: dt.datetime
    read: bool


def _org(o: Any) -> dict[str, Any]:
    return {"code": o.code, "name": o.localized_name(), "kind": o.kind}


def meeting_payload(m: Any) -> dict[str, Any]:
    return {
        "slug": m.slug,
        "title": m.localized_title(),
        "date": m.starts_on.isoformat(),
        "place": m.place,
        "chair": m.chair,
        "instruction_count": getattr(m, "instruction_count", None),
        "is_illustrative": m.is_illustrative,
    }


def instruction_payload(i: Instruction, today: dt.date | None = None) -> dict[str, Any]:
    today = today or services.almaty_today()
    overdue = services.is_overdue(i, today)
    event = i.event if i.event_id else None
    return {
        "id": i.pk,
        "number": i.number,
        "text": i.localized_text(),
        "text_en": i.text,
        "text_ru": i.text_ru,
        "text_kk": i.text_kk,
        "expected_result": i.expected_result,
        "meeting": event.slug if event is not None else None,
        "lead_executor": i.lead_executor.code,
        "co_executors": sorted(o.code for o in i.co_executors.all()),
        "deadline": i.deadline.isoformat(),
        "status": i.status,
        "overdue": overdue,
        "days_overdue": (today - i.deadline).days if overdue else 0,
        "reported_on": i.reported_on.isoformat() if i.reported_on else None,
        "closed_on": i.closed_on.isoformat() if i.closed_on else None,
        "close_reason": i.close_reason,
        "escalated": i.escalated,
        "escalation_reason": i.escalation_reason,
        "projects": sorted(p.code for p in i.projects.all()),
        "agreements": sorted(a.code for a in i.agreements.all()),
        "regions": sorted(r.code for r in i.regions.all()),
        "portfolio": i.portfolio.slug if i.portfolio_id else None,
        "is_illustrative": i.is_illustrative,
    }


def report_payload(r: InstructionReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "date": r.reported_on.isoformat(),
        "organization": r.organization.code if r.organization_id else None,
        "author": r.author.get_username() if r.author_id else None,  # type: ignore[union-attr]
        "text": r.text,
        "links": r.links,
        "final": r.is_final,
        "attachments": [
            {"name": a.name, "url": a.file.url, "size": a.file.size if a.file else None}
            for a in r.attachments.all()
        ],
        "created_at": r.created_at.isoformat(),
    }


_PREFETCH = ("co_executors", "projects", "agreements", "regions")


def _instruction(request: HttpRequest, pk: int, action: str = "view") -> Instruction:
    obj: Instruction = instructions.get(current_user(request), pk, action)
    return obj


def _queryset() -> Any:
    return Instruction.objects.select_related(
        "lead_executor", "event", "portfolio"
    ).prefetch_related(*_PREFETCH)


def _fresh(pk: int) -> dict[str, Any]:
    return instruction_payload(_queryset().get(pk=pk))


instructions = Resource(
    router,
    module=__name__,
    name="instruction",
    model=Instruction,
    path="/instructions/",
    lookup="pk",
    queryset=_queryset,
    payload=lambda i, user: instruction_payload(i),
    fresh=lambda i, user: _fresh(i.pk),
    writers_only=False,
    item=InstructionOut,
)


# --- meetings ----------------------------------------------------------------------------------


@router.get("/meetings/", response={200: page_schema(MeetingOut), **PROBLEM_RESPONSES})
def meeting_list(request: HttpRequest, query: Query[MeetingQuery]) -> HttpResponse:
    qs = selectors.meeting_list(user=current_user(request))
    count, rows = paginate(qs, query)
    return json_response({"count": count, "items": [meeting_payload(m) for m in rows]})


@router.get("/meetings/{slug}", response={200: MeetingDetailOut, **PROBLEM_RESPONSES})
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = current_user(request)
    m = selectors.meeting_get(user=user, slug=slug)
    rows = selectors.instruction_list(user=user, filters=InstructionFilters(meeting=slug))
    payload = {
        **meeting_payload(m),
        "participants": [_org(o) for o in m.participants.all()],
        "minutes": [
            {"code": s.code, "title": s.title, "url": s.url, "kind": s.kind}
            for s in m.sources.all()
        ],
        "instructions": [instruction_payload(i) for i in rows.prefetch_related(*_PREFETCH)],
    }
    return item_response(request, payload)


# --- instructions ------------------------------------------------------------------------------


@router.get("/instructions/", response={200: page_schema(InstructionOut), **PROBLEM_RESPONSES})
def instruction_list(request: HttpRequest, query: Query[InstructionQuery]) -> HttpResponse:
    filters = InstructionFilters(
        status=query.status,
        executor=query.executor,
        region=query.region,
        meeting=query.meeting,
        overdue=query.overdue,
        escalated=query.escalated,
        q=query.q,
    )
    qs = selectors.instruction_list(user=current_user(request), filters=filters)
    qs = apply_sort(qs, query.sort, SORTS, default=("deadline", "number"))
    count, rows = paginate(qs.prefetch_related(*_PREFETCH), query)
    today = services.almaty_today()
    return json_response({"count": count, "items": [instruction_payload(i, today) for i in rows]})


@router.post("/instructions/", response={201: InstructionOut, **PROBLEM_RESPONSES})
def instruction_create(request: HttpRequest, body: InstructionIn) -> HttpResponse:
    data = body.dict()
    reason = change_reason(request, data.pop("reason"), default="Issued through the API")
    meeting = data.pop("meeting")
    # Required fields always reach the service, which says what is wrong with them.
    values = {
        k: v
        for k, v in data.items()
        if k in ("text", "lead_executor", "deadline") or v not in (None, "", [])
    }
    if meeting:
        values["event"] = meeting
    i = services.instruction_create(actor=current_user(request), reason=reason, **values)
    return item_response(request, _fresh(i.pk), status=201)


def _patch(*, user: Any, reason: str, obj: Instruction, data: dict[str, Any]) -> Instruction:
    refuse_nulls(data, nullable=frozenset({"meeting", "portfolio"}))
    if "meeting" in data:
        data["event"] = data.pop("meeting")
    services.instruction_update(actor=user, reason=reason, instruction=obj, **data)
    return obj


instructions.detail(name="instruction_detail")
instructions.update(
    InstructionPatch,
    _patch,
    name="instruction_patch",
    default_reason="Edited through the API",
    description="Edit text, executors or links (coordinators); the deadline moves only by /extend.",
)
instructions.action(
    "return",
    calling(services.instruction_return, "instruction"),
    body=ReasonIn,
    default_reason="Report returned (API)",
    description="Return a report for more work (coordinators): reported → in progress.",
)
instructions.action(
    "start",
    calling(services.instruction_start, "instruction"),
    action="report",
    default_reason="Work started (API)",
)
instructions.action(
    "close",
    calling(services.instruction_close, "instruction"),
    body=ReasonIn,
    default_reason="Removed from control (API)",
)


def _extend(*, user: Any, reason: str, obj: Instruction, data: dict[str, Any]) -> Instruction:
    # The service returns the extension; the answer is the instruction with its new deadline.
    services.instruction_extend(
        actor=user, reason=reason, instruction=obj, new_deadline=data["new_deadline"]
    )
    return obj


instructions.action("extend", _extend, body=ExtendIn, default_reason="Extended (API)")
instructions.action(
    "escalate",
    calling(services.instruction_escalate, "instruction", "escalated"),
    body=EscalateIn,
    default_reason="",
)


@router.get(
    "/instructions/{int:pk}/extensions",
    response={200: page_schema(ExtensionOut), **PROBLEM_RESPONSES},
)
def instruction_extensions(request: HttpRequest, pk: int) -> HttpResponse:
    i = _instruction(request, pk)
    items = [
        {
            "previous_deadline": e.previous_deadline.isoformat(),
            "new_deadline": e.new_deadline.isoformat(),
            "reason": e.reason,
            "approved_by": e.approved_by.get_username() if e.approved_by_id else None,  # type: ignore[union-attr]
            "at": e.created_at.isoformat(),
        }
        for e in i.extensions.select_related("approved_by")
    ]
    return json_response({"count": len(items), "items": items})


@router.get(
    "/instructions/{int:pk}/reports", response={200: page_schema(ReportOut), **PROBLEM_RESPONSES}
)
def instruction_reports(request: HttpRequest, pk: int) -> HttpResponse:
    i = _instruction(request, pk)
    rows = i.reports.select_related("organization", "author").prefetch_related("attachments")
    items = [report_payload(r) for r in rows]
    return json_response({"count": len(items), "items": items})


@router.post("/instructions/{int:pk}/reports", response={201: ReportOut, **PROBLEM_RESPONSES})
def instruction_report(request: HttpRequest, pk: int, body: ReportIn) -> HttpResponse:
    i = _instruction(request, pk, "report")
    r = services.instruction_report(
        actor=current_user(request),
        instruction=i,
        text=body.text,
        links=body.links,
        final=body.final,
    )
    return json_response(report_payload(r), status=201)


@router.get(
    "/instructions/{int:pk}/history", response={200: page_schema(HistoryOut), **PROBLEM_RESPONSES}
)
def instruction_history(request: HttpRequest, pk: int) -> HttpResponse:
    i = _instruction(request, pk)
    items = selectors.instruction_history(instruction=i)
    return json_response({"count": len(items), "items": items})


@router.get(
    "/instruction-scorecards/", response={200: page_schema(ScorecardOut), **PROBLEM_RESPONSES}
)
def instruction_scorecards(
    request: HttpRequest, by: Literal["executor", "region"] = "executor"
) -> HttpResponse:
    select = (
        selectors.instruction_scorecard_by_region
        if by == "region"
        else selectors.instruction_scorecard_by_executor
    )
    items = [c.to_json_dict() for c in select(user=current_user(request))]
    return json_response({"count": len(items), "items": items})


@router.get("/notifications/", response={200: page_schema(NotificationOut), **PROBLEM_RESPONSES})
def notification_list(request: HttpRequest, unread: bool = False) -> HttpResponse:
    rows = selectors.notification_list(user=current_user(request), unread=unread)[:200]
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "message": n.message,
            "instruction": n.instruction_id,
            "created_at": n.created_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in rows
    ]
    return json_response({"count": len(items), "items": items})
