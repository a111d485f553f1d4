"""API of regions' scorecards and initiatives.

- `GET /regions/{code}/scorecard`: a region's scorecard, with `lagging` and its `reasons`.
- `GET|POST /initiatives/`, `GET|PATCH /initiatives/{code}`: initiatives (drafts only for the
  region's editors and coordinators).
- `GET /initiatives/{code}/transitions`: the moves the caller may make now;
  `POST /initiatives/{code}/{action}` (submit, return, present, match, convert, withdraw) makes one.
- `GET /initiatives/{code}/candidates`: ranked investors and upcoming events, with reasons.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from keruen.agreements.models import Event
from keruen.api.auth import current_user
from keruen.api.crud import Resource
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import item_response
from keruen.api.ordering import apply_sort
from keruen.api.pagination import PageQuery, json_response, page_schema, paginate
from keruen.api.writes import known, refuse_nulls
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.regions import services
from keruen.regions.models import Initiative
from keruen.regions.scorecard import region_scorecard
from keruen.regions.selectors import (
    InitiativeFilters,
    initiative_candidates,
    initiative_detail_queryset,
    initiative_list,
)

router = Router(tags=["regions"])

SORTS = {
    "code": "code",
    "title": "title",
    "region": "region__code",
    "status": "status",
    "status_since": "status_since",
    "investment": "investment_usd",
    "jobs": "jobs_planned",
    "created_at": "created_at",
}


class StageFigures(Schema):
    projects: int
    investment_usd: float


class ShortfallOut(Schema):
    measure: str
    value: float
    threshold: float
    national: float
    reason: str


class ScorecardOut(Schema):
    code: str
    name: str
    projects: int = Field(
        ..., description="projects of the region you may see, as the project list counts them"
    )
    projects_counted: int = Field(
        ..., description="of those, the ones that count in totals (the base of every figure)"
    )
    investment_usd: float = Field(..., description="projects that count in totals")
    foreign_investment_usd: float
    by_stage: dict[str, StageFigures]
    active: int
    stalled: int
    stalled_share: float | None
    early_stage: int
    early_stage_share: float | None
    agreements: int
    agreements_value_usd: float
    agreements_converted: int
    agreement_conversion: float | None
    initiatives: int
    initiatives_submitted: int
    initiatives_matched: int
    instructions_overdue: int
    jobs_planned: int
    jobs_created: int
    jobs_delivery: float | None
    last_meeting: str | None
    last_meeting_on: dt.date | None
    advanced_since_meeting: int
    advanced_share: float | None
    lagging: bool = Field(..., description="computed by the documented rule (docs/regions.md)")
    reasons: list[str]
    shortfalls: list[ShortfallOut]


class InitiativeQuery(PageQuery):
    region: str | None = Field(None, description="ISO 3166-2 code, e.g. KZ-71")
    status: str | None = Field(
        None, description="draft, submitted, presented, matched, became_project, withdrawn"
    )
    sector: str | None = Field(None, description="sector code (its children match too)")
    country: str | None = Field(None, description="a partner country sought, ISO alpha-2")
    q: str | None = Field(None, max_length=200, description="text search")


class InitiativeFieldsIn(Schema):
    title: str | None = None
    title_ru: str | None = None
    title_kk: str | None = None
    description: str | None = None
    sectors: list[str] | None = Field(None, description="sector codes or names")
    partner_countries: list[str] | None = Field(None, description="ISO alpha-2 codes or names")
    investment_amount: Decimal | None = None
    investment_currency: str | None = Field(None, description="ISO 4217")
    investment_date: dt.date | None = None
    jobs_planned: int | None = None
    land: str | None = Field(None, description="none, in_progress or ready")
    utilities: str | None = Field(None, description="none, in_progress or ready")
    permits: str | None = Field(None, description="none, in_progress or ready")
    confidentiality: str | None = Field(None, description="public, internal or restricted")
    reason: str | None = None


class InitiativeIn(InitiativeFieldsIn):
    region: str = Field(..., description="ISO 3166-2 code, e.g. KZ-71")
    title: str
    code: str | None = None


class TransitionIn(Schema):
    event: str | None = Field(None, description="present: the event's code (slug)")
    investor: str | None = Field(None, description="match: the organization's code")
    project: str | None = Field(None, description="convert: the project's code")
    on: dt.date | None = Field(None, description="the day of the move (default today)")
    reason: str | None = None


class MoneyOut(Schema):
    amount: Decimal | None
    currency: str | None
    date: dt.date | None
    usd: Decimal | None
    rate: str | None = Field(None, description="the exchange rate used, with its source")


class InitiativeOut(Schema):
    code: str
    title: str
    title_en: str
    title_ru: str
    title_kk: str
    region: str
    sectors: list[str]
    description: str
    investment: MoneyOut
    jobs_planned: int | None
    land: str
    utilities: str
    permits: str
    partner_countries: list[str]
    status: str
    status_since: dt.date | None
    event: str | None
    investor: str | None
    project: str | None
    confidentiality: str
    is_illustrative: bool
    sources: list[str]


class TransitionOut(Schema):
    action: str
    label: str
    target: str
    needs: str | None = Field(None, description="event, investor or project")


class TransitionsOut(Schema):
    code: str
    status: str
    allowed: list[TransitionOut]


class ReasonOut(Schema):
    code: str
    points: int
    text: str


class InvestorCandidateOut(Schema):
    organization: str
    name: str
    country: str | None
    score: int
    reasons: list[ReasonOut]


class EventCandidateOut(Schema):
    event: str
    title: str
    starts_on: dt.date
    score: int
    reasons: list[ReasonOut]


class CandidatesOut(Schema):
    initiative: str
    investors: list[InvestorCandidateOut]
    events: list[EventCandidateOut]


NEEDS = {"present": "event", "match": "investor", "convert": "project"}


def initiative_payload(i: Initiative) -> dict[str, Any]:
    fx = i.investment_fx
    return {
        "code": i.code,
        "title": i.localized_title(),
        "title_en": i.title,
        "title_ru": i.title_ru,
        "title_kk": i.title_kk,
        "region": i.region.code,
        "sectors": sorted(s.code for s in i.sectors.all()),
        "description": i.description,
        "investment": {
            "amount": i.investment_amount,
            "currency": i.investment_currency_id,
            "date": i.investment_date,
            "usd": i.investment_usd,
            "rate": (
                f"1 USD = {fx.units_per_usd.normalize():f} {i.investment_currency_id} on "
                f"{fx.date} ({fx.source})"
                if fx is not None
                else None
            ),
        },
        "jobs_planned": i.jobs_planned,
        "land": i.land,
        "utilities": i.utilities,
        "permits": i.permits,
        "partner_countries": sorted(c.code for c in i.partner_countries.all()),
        "status": i.status,
        "status_since": i.status_since,
        "event": i.event.slug if i.event_id else None,
        "investor": i.investor.code if i.investor_id else None,
        "project": i.project.code if i.project_id else None,
        "confidentiality": i.confidentiality,
        "is_illustrative": i.is_illustrative,
        "sources": sorted(s.code for s in i.sources.all()),
    }


def _find(user: Any, code: str, action: str) -> Initiative:
    """The initiative as the caller sees it; the services decide what they may do with it."""
    ini = initiative_detail_queryset(user=user).filter(code=code).first()
    if ini is None:
        raise Http404
    return ini


def _initiative(request: HttpRequest, code: str) -> Initiative:
    return _find(current_user(request), code, "view")


initiatives = Resource(
    router,
    module=__name__,
    name="initiative",
    model=Initiative,
    path="/initiatives/",
    find=_find,
    payload=lambda ini, user: initiative_payload(ini),
    fresh=lambda ini, user: initiative_payload(_find(user, ini.code, "view")),
    writers_only=False,
    item=InitiativeOut,
)


#: Fields of an initiative that may be emptied with an explicit null.
NULLABLE = frozenset(
    {"investment_amount", "investment_currency", "investment_date", "jobs_planned"}
)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The fields sent that the services take as keywords (title, region, code apart)."""
    values = {k: v for k, v in data.items() if k not in ("region", "code", "title")}
    refuse_nulls(values, nullable=NULLABLE)
    return values


# --- scorecards --------------------------------------------------------------------------------


@router.get(
    "/regions/{code}/scorecard",
    response={200: ScorecardOut, **PROBLEM_RESPONSES},
    summary="A region's scorecard: figures, lagging and why",
)
def region_scorecard_detail(request: HttpRequest, code: str) -> HttpResponse:
    card = region_scorecard(user=current_user(request), code=code)
    if card is None:
        raise Http404
    return item_response(request, card.to_json_dict())


# --- initiatives -------------------------------------------------------------------------------


@router.get("/initiatives/", response={200: page_schema(InitiativeOut), **PROBLEM_RESPONSES})
def initiative_list_api(request: HttpRequest, query: Query[InitiativeQuery]) -> HttpResponse:
    filters = InitiativeFilters(
        region=query.region.upper() if query.region else None,
        status=query.status,
        sector=query.sector,
        country=query.country,
        q=query.q,
    )
    qs = initiative_list(user=current_user(request), filters=filters).select_related(
        "investment_fx"
    )
    qs = apply_sort(qs, query.sort, SORTS, default=("code",)).prefetch_related("sources")
    count, rows = paginate(qs, query)
    return json_response({"count": count, "items": [initiative_payload(i) for i in rows]})


def _create(*, user: Any, reason: str, obj: None, data: dict[str, Any]) -> Initiative:
    return services.initiative_create(
        actor=user,
        reason=reason,
        title=data["title"],
        region=data["region"],
        code=data.get("code"),
        **_values(data),
    )


def _update(*, user: Any, reason: str, obj: Initiative, data: dict[str, Any]) -> Initiative:
    values = _values(data)
    if data.get("title") is not None:
        values["title"] = data["title"]
    services.initiative_update(actor=user, reason=reason, initiative=obj, **values)
    return obj


initiatives.create(InitiativeIn, _create, name="initiative_create_api", location=False)
initiatives.detail(name="initiative_detail_api")
initiatives.update(InitiativeFieldsIn, _update, name="initiative_update_api")


@router.get("/initiatives/{code}/transitions", response={200: TransitionsOut, **PROBLEM_RESPONSES})
def initiative_transitions_api(request: HttpRequest, code: str) -> HttpResponse:
    ini = _initiative(request, code)
    allowed = [
        {
            "action": a,
            "label": str(services.TRANSITIONS[a].label),
            "target": services.TRANSITIONS[a].target,
            "needs": NEEDS.get(a),
        }
        for a in services.allowed_actions(current_user(request), ini)
    ]
    return json_response({"code": ini.code, "status": ini.status, "allowed": allowed})


@router.get("/initiatives/{code}/candidates", response={200: CandidatesOut, **PROBLEM_RESPONSES})
def initiative_candidates_api(
    request: HttpRequest, code: str, limit: int = Query(10, ge=1, le=50)
) -> HttpResponse:
    ini = _initiative(request, code)
    got = initiative_candidates(user=current_user(request), initiative=ini, limit=limit)
    return json_response(got.to_json_dict())


def _transition(action: str) -> Any:
    def run(*, user: Any, reason: str, obj: Initiative, data: dict[str, Any]) -> Initiative:
        unknown = _("Unknown %(name)s %(value)r.")
        services.initiative_transition(
            actor=user,
            reason=reason,
            initiative=obj,
            action=action,
            event=known(
                Event.objects.restrict(user), "event", data["event"], unknown, field="slug"
            ),
            investor=known(Organization.objects.all(), "investor", data["investor"], unknown),
            project=known(Project.objects.restrict(user), "project", data["project"], unknown),
            on=data["on"],
        )
        return obj

    return run


for _action in services.TRANSITIONS:
    initiatives.action(
        _action,
        _transition(_action),
        body=TransitionIn,
        default_reason=f"{_action} (API)",
        summary=f"Move an initiative: {_action}",
        operation_id=f"initiative_{_action}",
    )
