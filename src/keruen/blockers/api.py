"""API of blocking issues: the list, an issue, raising one, its moves, its history (docs/issues.md).

The moves (start, resolve, reject, confirm, escalate, instruction) are actions on the issue; the
services decide who may take each (the receiving body, the raiser, coordinators).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from keruen.accounts.policy import VIEW
from keruen.agreements.models import Event
from keruen.api.auth import current_user
from keruen.api.crud import Resource, calling
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import item_response
from keruen.api.writes import change_reason, require_signed_in
from keruen.blockers import services
from keruen.blockers.models import Issue
from keruen.blockers.payloads import issue_payload
from keruen.blockers.selectors import ISSUE_SORTS, IssueFilters, issue_list
from keruen.projects.models import Project

router = Router(tags=["issues"])


class IssueOut(Schema):
    id: int
    project: str
    project_title: str
    category: str
    description: str
    description_ru: str
    description_kk: str
    receiving_body: str = Field(..., description="organization code")
    raised_for: str | None = Field(None, description="the investor's organization code")
    raised_by: str | None = None
    raised_on: dt.date
    required_by: dt.date = Field(..., description="at the current level (Asia/Almaty)")
    level: str = Field(..., description="akimat, ministry, investment_hq or pm_meeting")
    escalated_on: dt.date | None = None
    status: str
    overdue: bool
    days_overdue: int
    resolution: str
    resolved_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    rejection_reason: str
    instruction: str | None = Field(None, description="the instruction's number")
    is_illustrative: bool


class IssueIn(Schema):
    project: str = Field(..., max_length=40, description="project code")
    category: str = Field(..., max_length=40, description="land, permits, customs, ...")
    receiving_body: str = Field(..., max_length=80, description="organization code")
    description: str = Field("", max_length=5000)
    description_ru: str = Field("", max_length=5000)
    description_kk: str = Field("", max_length=5000)
    raised_for: str | None = Field(None, max_length=80, description="investor's code")
    reason: str | None = Field(None, max_length=500)


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class RequiredReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class ResolveIn(Schema):
    resolution: str = Field(..., min_length=1, max_length=5000)
    reason: str = Field("", max_length=500)


class ConfirmIn(Schema):
    resolved: bool = Field(True, description="false: not resolved, back in progress (say why)")
    reason: str = Field("", max_length=500)


class InstructionIn(Schema):
    deadline: dt.date
    meeting: str | None = Field(None, max_length=80, description="the meeting's code (slug)")
    text: str = Field("", max_length=5000)
    number: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=500)


def _queryset() -> Any:
    return Issue.objects.select_related(
        "project", "category", "receiving_body", "raised_for", "raised_by", "instruction"
    )


issues = Resource(
    router,
    module=__name__,
    name="issues",
    model=Issue,
    path="/issues/",
    lookup="pk",
    queryset=_queryset,
    payload=lambda issue, user: issue_payload(issue, user),
    fresh=lambda issue, user: issue_payload(_queryset().get(pk=issue.pk), user),
    writers_only=False,
    noun="a blocking issue",
    item=IssueOut,
)
issues.listing(
    IssueFilters,
    issue_list,
    lambda page, user: [issue_payload(i, user) for i in page],
    out=IssueOut,
    sorts=ISSUE_SORTS,
    default=("required_by",),
    summary="List blocking issues",
)
issues.detail()


@router.post("/issues/", response={201: IssueOut, **PROBLEM_RESPONSES}, summary="Raise an issue")
def issues_create(request: HttpRequest, body: IssueIn) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    data = body.dict()
    project = Project.objects.restrict(user, VIEW).filter(code=data.pop("project")).first()
    if project is None:
        raise ValidationError({"project": "No such project, or you may not see it."})
    reason = change_reason(request, data.pop("reason", None), default="Raised through the API")
    issue = services.issue_raise(actor=user, reason=reason, project=project, **data)
    response = item_response(request, issue_payload(_queryset().get(pk=issue.pk), user), status=201)
    response["Location"] = f"/api/v1/issues/{issue.pk}"
    return response


def _instruction(*, user: Any, reason: str, obj: Issue, data: dict[str, Any]) -> Issue:
    slug = data.get("meeting")
    event = Event.objects.filter(slug=slug, kind=Event.Kind.MEETING).first() if slug else None
    if slug and event is None:
        raise ValidationError({"meeting": f"No meeting {slug}."})
    return services.issue_to_instruction(
        actor=user,
        reason=reason,
        issue=obj,
        deadline=data["deadline"],
        event=event,
        text=data.get("text") or "",
        number=data.get("number"),
    )


ACTIONS: list[tuple[str, Any, type[Schema] | None, str]] = [
    (
        "start",
        calling(services.issue_start, "issue"),
        ReasonIn,
        "The receiving body takes the issue up: open → in progress.",
    ),
    (
        "resolve",
        calling(services.issue_resolve, "issue", "resolution"),
        ResolveIn,
        "The receiving body says what it did: → resolved (the raiser then confirms).",
    ),
    (
        "reject",
        calling(services.issue_reject, "issue"),
        RequiredReasonIn,
        "The receiving body rejects the issue, with its reason.",
    ),
    (
        "confirm",
        calling(services.issue_confirm, "issue", "resolved"),
        ConfirmIn,
        "The raiser confirms the resolution, or sends it back (resolved=false, with a reason).",
    ),
    (
        "escalate",
        calling(services.issue_escalate, "issue"),
        RequiredReasonIn,
        "A coordinator raises the issue one level before its date.",
    ),
    (
        "instruction",
        _instruction,
        InstructionIn,
        "A coordinator turns the issue into an instruction of a meeting (linked both ways).",
    ),
]
for verb, run, body, description in ACTIONS:
    issues.action(verb, run, body=body, action=VIEW, default_reason="", description=description)
issues.history(
    summary="Who raised, answered and escalated the issue, when and why",
)
