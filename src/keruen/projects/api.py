"""The API of projects and portfolios: /api/v1/projects/, /api/v1/portfolios/.

Reads go through the selectors (the caller's access), writes through the services; fields the
caller may not see are removed by `accounts.policy.redact`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.api.auth import current_user
from keruen.api.crud import Resource
from keruen.api.ordering import apply_sort
from keruen.api.pagination import PageQuery, page_response, page_schema, paginate
from keruen.api.writes import (
    known,
    require_coordinator,
    settle_nulls,
)
from keruen.core.models import Confidentiality
from keruen.parties.selectors import organization_by_code
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor, Stage
from keruen.projects.payloads import project_page, project_payload
from keruen.projects.selectors import (
    PROJECT_SORTS,
    ProjectFilters,
    portfolio_list,
    project_list,
)
from keruen.projects.services import (
    InvestorInput,
    MilestoneInput,
    portfolio_create,
    project_approve_schedule,
    project_create,
    project_delete,
    project_update,
)

router = Router(tags=["projects"])


# --- schemas ---------------------------------------------------------------------------------


class IdentifierOut(Schema):
    scheme: str
    value: str


class InvestorOut(Schema):
    organization: str
    name: str
    country: str | None = None
    role: str
    share: str | None = None
    identifiers: list[IdentifierOut] | None = Field(
        None, description="restricted: shown to those who may see restricted fields"
    )


class MilestoneOut(Schema):
    kind: str
    title: str
    planned_on: dt.date | None = None
    baseline_on: dt.date | None = Field(
        None, description="the planned date frozen when the project's schedule was approved"
    )
    forecast_on: dt.date | None = Field(None, description="when it is now expected")
    actual_on: dt.date | None = None
    slip_days: int | None = Field(
        None,
        description="forecast (or actual) less baseline, in days; negative when ahead; "
        "null without a baseline",
    )
    is_critical: bool = Field(False, description="its slip moves the project's forecast completion")


class ProjectOut(Schema):
    code: str
    title: str
    title_ru: str
    title_kk: str
    description: str
    stage: str
    stage_since: dt.date | None = None
    confidentiality: str
    is_illustrative: bool
    regions: list[str]
    sectors: list[str]
    portfolios: list[str]
    total_investment_amount: str | None = None
    total_investment_currency: str | None = None
    total_investment_date: dt.date | None = None
    total_investment_usd: str | None = None
    foreign_investment_amount: str | None = None
    foreign_investment_currency: str | None = None
    foreign_investment_date: dt.date | None = None
    foreign_investment_usd: str | None = None
    jobs_planned: int | None = None
    jobs_created: int | None = None
    construction_jobs_planned: int | None = None
    construction_jobs_created: int | None = None
    responsible_body: str | None = None
    curator: str | None = None
    parent: str | None = None
    counts_in_totals: bool
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    schedule_approved_on: dt.date | None = Field(
        None, description="the day the milestones' baseline was frozen (docs/milestones.md)"
    )
    negotiation_notes: str | None = Field(
        None, description="restricted: shown to those who may see restricted fields"
    )
    investors: list[InvestorOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class InferredStatusOut(Schema):
    status: str = Field(..., description="stalled, shelved or cancelled (likely cancelled)")
    label: str
    reason: str
    since: dt.date = Field(..., description="the day the project crossed the rule's threshold")
    last_progress: dt.date = Field(
        ..., description="its last change of stage, milestone met or source published"
    )


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut]
    forecast_completion: dt.date | None = Field(
        None,
        description="the planned completion (end_on) moved by the largest slip of its "
        "critical milestones (docs/milestones.md)",
    )
    sources: list[str]
    agreements: list[str]
    inferred_status: InferredStatusOut | None = Field(
        None,
        description="what the absence of progress suggests, beside the declared stage "
        "(docs/inferred-status.md); not shown to the public",
    )


class ApprovalIn(Schema):
    reason: str = Field(
        ..., min_length=1, max_length=500, description="who approved the schedule, and when"
    )


class InvestorIn(Schema):
    organization: str = Field(..., max_length=80, description="organization code")
    role: ProjectInvestor.Role = ProjectInvestor.Role.LEAD
    share: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class MilestoneIn(Schema):
    kind: Milestone.Kind
    title: str = Field("", max_length=200)
    planned_on: dt.date | None = None
    forecast_on: dt.date | None = None
    actual_on: dt.date | None = None
    is_critical: bool = False


Amount = Decimal | None


class ProjectFieldsIn(Schema):
    title_ru: str | None = Field(None, max_length=300)
    title_kk: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=20_000)
    stage: Stage | None = None
    stage_since: dt.date | None = None
    confidentiality: Confidentiality | None = None
    is_illustrative: bool | None = None
    regions: list[str] | None = Field(None, description="ISO 3166-2 codes, e.g. KZ-19")
    sectors: list[str] | None = Field(None, description="sector codes")
    portfolios: list[str] | None = Field(None, description="portfolio slugs")
    total_investment_amount: Amount = Field(None, ge=0, max_digits=20, decimal_places=2)
    total_investment_currency: str | None = Field(None, max_length=3)
    total_investment_date: dt.date | None = None
    foreign_investment_amount: Amount = Field(None, ge=0, max_digits=20, decimal_places=2)
    foreign_investment_currency: str | None = Field(None, max_length=3)
    foreign_investment_date: dt.date | None = None
    jobs_planned: int | None = Field(None, ge=0, le=10_000_000)
    jobs_created: int | None = Field(None, ge=0, le=10_000_000)
    construction_jobs_planned: int | None = Field(None, ge=0, le=10_000_000)
    construction_jobs_created: int | None = Field(None, ge=0, le=10_000_000)
    responsible_body: str | None = Field(None, max_length=80, description="organization code")
    curator: str | None = Field(None, max_length=80, description="organization code")
    parent: str | None = Field(None, max_length=40, description="umbrella project's code")
    counts_in_totals: bool | None = None
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    negotiation_notes: str | None = Field(None, max_length=20_000)
    investors: list[InvestorIn] | None = None
    reason: str | None = Field(
        None, max_length=500, description="why (recorded in history); or X-Keruen-Reason"
    )


class ProjectIn(ProjectFieldsIn):
    title: str = Field(..., min_length=1, max_length=300)
    code: str | None = Field(
        None, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$", description="default: next P-NNNNNN"
    )
    milestones: list[MilestoneIn] = []


class ProjectPatch(ProjectFieldsIn):
    title: str | None = Field(None, min_length=1, max_length=300)


class PortfolioOut(Schema):
    slug: str
    name: str
    name_ru: str
    name_kk: str
    description: str
    is_illustrative: bool


class PortfolioIn(Schema):
    slug: str = Field(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)
    name_ru: str = Field("", max_length=200)
    name_kk: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000)
    is_illustrative: bool = False
    reason: str | None = Field(None, max_length=500)


# --- payloads --------------------------------------------------------------------------------


# --- helpers ---------------------------------------------------------------------------------


def _service_values(data: dict[str, Any], user: Any) -> dict[str, Any]:
    """Turn the API's codes into what the services take."""
    values = dict(data)
    for field in ("responsible_body", "curator"):
        if values.get(field) is not None:
            values[field] = organization_by_code(values[field], field=field)
    if "parent" in values:
        projects = Project.objects.restrict(user, "view")
        unknown = _("Unknown project %(value)r.")
        values["parent"] = known(projects, "parent", values["parent"], unknown)
    if "investors" in values:
        invs = values.pop("investors")
        values["investors"] = (
            None
            if invs is None
            else [
                InvestorInput(
                    organization=organization_by_code(i["organization"], field="investors"),
                    role=str(i["role"]),
                    share=i.get("share"),
                )
                for i in invs
            ]
        )
    settle_nulls(
        values,
        choices=("stage", "confidentiality"),
        blank=("title_ru", "title_kk", "description", "negotiation_notes"),
        lists=("regions", "sectors", "portfolios"),
    )
    settle_nulls(
        values, refuse=("is_illustrative", "counts_in_totals"), message=_("Expected true or false.")
    )
    return values


# --- projects --------------------------------------------------------------------------------


def _create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Project:
    milestones = [
        MilestoneInput(
            kind=str(m["kind"]),
            title=m["title"],
            planned_on=m["planned_on"],
            actual_on=m["actual_on"],
            forecast_on=m["forecast_on"],
            is_critical=m["is_critical"],
        )
        for m in data.pop("milestones", [])
    ]
    values = _service_values(data, user)
    if values.get("investors") is None:
        values.pop("investors", None)
    return project_create(actor=user, reason=reason, milestones=milestones, **values)


def _update(*, user: Any, reason: str, obj: Project, data: dict[str, Any]) -> Project:
    project, _changed = project_update(
        actor=user, reason=reason, project=obj, **_service_values(data, user)
    )
    return project


def _delete(*, user: Any, reason: str, obj: Project) -> None:
    project_delete(actor=user, reason=reason, project=obj)


projects = Resource(
    router,
    module=__name__,
    name="projects",
    model=Project,
    path="/projects/",
    payload=project_payload,
    out_of_scope=gettext_lazy(
        "The project would be outside your scope (your regions or organization)."
    ),
    noun="a project",
)
projects.listing(
    ProjectFilters,
    project_list,
    page=project_page,
    out=ProjectOut,
    sorts=PROJECT_SORTS,
    summary="List projects",
)
projects.create(ProjectIn, _create, out=ProjectDetailOut)
projects.detail(ProjectDetailOut)
projects.update(ProjectPatch, _update, out=ProjectDetailOut)
projects.delete(_delete)
projects.action(
    "approve-schedule",
    lambda *, user, reason, obj, data: project_approve_schedule(
        actor=user, reason=reason, project=obj
    ),
    body=ApprovalIn,
    out=ProjectDetailOut,
    name="project_approve_schedule",
    default_reason="Schedule approved (API)",
    summary="Approve the schedule: freeze each milestone's planned date as its baseline, once",
)
projects.history(
    ProjectInvestor,
    Milestone,
    summary="Who changed the project, its investors and milestones, when and why",
)


# --- portfolios ------------------------------------------------------------------------------


PORTFOLIO_FIELDS = ["slug", "name", "name_ru", "name_kk", "description", "is_illustrative"]


@router.get("/portfolios/", response=page_schema(PortfolioOut), summary="List portfolios")
def portfolios_list(request: HttpRequest, query: Query[PageQuery]) -> HttpResponse:
    user = current_user(request)
    qs = apply_sort(
        portfolio_list(user=user), query.sort, {"slug": "slug", "name": "name"}, ("slug",)
    )
    count, page = paginate(qs, query)
    return page_response(count, list(page.values(*PORTFOLIO_FIELDS)))


def _portfolio_create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Portfolio:
    require_coordinator(user, _("Only coordinators create portfolios."))
    if Portfolio.objects.filter(slug=data["slug"]).exists():
        raise ValidationError({"slug": _("A portfolio with this code exists already.")})
    return portfolio_create(actor=user, reason=reason, **data)


portfolios = Resource(
    router,
    module=__name__,
    name="portfolios",
    model=Portfolio,
    path="/portfolios/",
    lookup="slug",
    payload=lambda p, user: {f: getattr(p, f) for f in PORTFOLIO_FIELDS},
    writers_only=False,  # coordinators only: `_portfolio_create` asks
    noun="a portfolio",
    item=PortfolioOut,
)
portfolios.detail()
portfolios.create(
    PortfolioIn, _portfolio_create, summary="Create a portfolio (coordinators)", location=False
)
