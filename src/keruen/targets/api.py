"""The API of targets and the agreement funnel.

- `GET /api/v1/targets/` — every target with its figures and observations (`{count, items}`);
- `GET /api/v1/targets/{code}` — one target (with an ETag);
- `GET /api/v1/targets/{code}/observations` — its observations, paged;
- `POST /api/v1/targets/{code}/observations` — record one (coordinators; a region's editors for
  their region's targets);
- `GET /api/v1/funnel/?event=SLUG` or `?portfolio=SLUG` or `?by=portfolio` — the funnel.

The figures are those of `keruen targets --json` (definitions in `keruen.targets.selectors`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import item_response
from keruen.api.pagination import PageQuery, json_response, page_response, page_schema
from keruen.api.writes import change_reason, object_for
from keruen.core.models import Source
from keruen.targets.funnel import funnel_by_event, funnel_by_portfolio
from keruen.targets.models import Target
from keruen.targets.selectors import (
    observation_json,
    observation_list,
    stage_probabilities,
    target_list,
    target_status,
)
from keruen.targets.services import observation_create

router = Router(tags=["targets"])

DEFAULT_REASON = "Observation recorded through the API"


class ObservationOut(Schema):
    id: int
    period: str = Field(description="2025 for a year, 2025-Q1 for a quarter")
    year: int
    quarter: int | None = None
    value: float = Field(description="in the target's currency (or unit); adds up to `actual`")
    value_usd: float | None = None
    original_value: float
    original_currency: str | None = None
    value_date: dt.date
    conversion: str | None = Field(None, description="the exchange rate used")
    country: str | None = None
    region: str | None = None
    sector: str | None = None
    source: str
    source_url: str | None = None
    is_illustrative: bool
    note: str = ""


class BreakdownOut(Schema):
    key: str | None = None
    label: str
    actual: float
    pipeline: float


class YearOut(Schema):
    year: int
    planned: float
    planned_cumulative: float
    actual: float
    actual_cumulative: float
    forecast_trend: float | None = None
    reported: str


class TargetOut(Schema):
    code: str
    name: str
    name_ru: str
    name_kk: str
    measure: str
    currency: str | None = None
    unit: str
    target_value: float
    period_start_year: int
    period_end_year: int
    scope: dict[str, str | None]
    baseline: dict[str, Any] | None = None
    trajectory_kind: str
    is_illustrative: bool
    as_of: dt.date
    reported_through: dt.date | None = None
    actual: float
    share_achieved: float
    trajectory_to_date: float
    trajectory_to_reported: float
    forecast_trend: float | None = None
    forecast_pipeline: float
    required_run_rate: float | None = None
    required_run_rate_per: str
    remaining_years: float
    status: str = Field(description="on_track, at_risk or off_track (docs/targets.md)")
    status_reason: str
    pipeline_projects: int
    observations: list[ObservationOut]
    by_year: list[YearOut]
    by_country: list[BreakdownOut]
    by_region: list[BreakdownOut]
    by_sector: list[BreakdownOut]


class TargetQuery(PageQuery):
    as_of: dt.date | None = Field(None, description="compute the figures at this date")


class AsOfQuery(Schema):
    as_of: dt.date | None = Field(None, description="compute the figures at this date")


class ObservationIn(Schema):
    year: int
    quarter: int | None = Field(None, description="1–4; empty for a whole year")
    value: Decimal
    currency: str | None = Field(None, description="ISO 4217; required for monetary targets")
    value_date: dt.date | None = Field(None, description="default: the period's last day")
    country: str | None = None
    region: str | None = None
    sector: str | None = None
    source: str | None = Field(None, description="a recorded source's code")
    source_text: str = ""
    is_illustrative: bool = False
    note: str = ""
    reason: str | None = None


class FunnelQuery(Schema):
    event: str | None = None
    portfolio: str | None = None
    by: str = Field("event", pattern="^(event|portfolio)$")
    stale_months: int | None = Field(None, ge=0, le=600)
    as_of: dt.date | None = None


def _target(request: HttpRequest, code: str) -> Target:
    target = target_list(user=current_user(request)).filter(code=code).first()
    if target is None:
        raise Http404
    return target


@router.get(
    "/targets/", response={200: page_schema(TargetOut), **PROBLEM_RESPONSES}, summary="Targets"
)
def targets(request: HttpRequest, query: Query[TargetQuery]) -> HttpResponse:
    user = current_user(request)
    qs = target_list(user=user)
    count = qs.count()
    probs = stage_probabilities()
    rows = qs[query.offset : query.offset + query.limit]
    items = [
        target_status(user=user, target=t, as_of=query.as_of, probabilities=probs).to_json_dict()
        for t in rows
    ]
    return page_response(count, items)


@router.get("/targets/{code}", response={200: TargetOut, **PROBLEM_RESPONSES}, summary="Target")
def target_detail(request: HttpRequest, code: str, query: Query[AsOfQuery]) -> HttpResponse:
    status = target_status(
        user=current_user(request), target=_target(request, code), as_of=query.as_of
    )
    return item_response(request, status.to_json_dict())


@router.get(
    "/targets/{code}/observations",
    response={200: page_schema(ObservationOut), **PROBLEM_RESPONSES},
    summary="Observations of a target",
)
def target_observations(request: HttpRequest, code: str, query: Query[PageQuery]) -> HttpResponse:
    qs = observation_list(user=current_user(request), target=_target(request, code))
    rows = qs[query.offset : query.offset + query.limit]
    return page_response(qs.count(), [observation_json(o) for o in rows])


@router.post(
    "/targets/{code}/observations",
    response={201: ObservationOut, **PROBLEM_RESPONSES},
    summary="Record an observation",
)
def observation_add(request: HttpRequest, code: str, body: ObservationIn) -> HttpResponse:
    user = current_user(request)
    target = object_for(Target.objects.filter(code=code), user, "change")
    source = None
    if body.source:
        source = Source.objects.filter(code=body.source).first()
        if source is None:
            raise ValidationError({"source": f"Unknown source {body.source!r}."})
    obs = observation_create(
        actor=user,
        reason=change_reason(request, body.reason, default=DEFAULT_REASON),
        target=target,
        source=source,
        **body.dict(exclude={"source", "reason"}),
    )
    return json_response(observation_json(obs), status=201)


@router.get("/funnel/", summary="Agreement → project funnel", response=PROBLEM_RESPONSES)
def funnel(request: HttpRequest, query: Query[FunnelQuery]) -> HttpResponse:
    user = current_user(request)
    if query.portfolio or query.by == "portfolio":
        rows = funnel_by_portfolio(
            user=user,
            portfolio=query.portfolio,
            as_of=query.as_of,
            stale_months=query.stale_months,
        )
    else:
        rows = funnel_by_event(
            user=user, event=query.event, as_of=query.as_of, stale_months=query.stale_months
        )
    if (query.event or query.portfolio) and not rows:
        raise Http404
    items = [r.to_json_dict() for r in rows]
    return page_response(len(items), items)
