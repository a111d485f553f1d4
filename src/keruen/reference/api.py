"""The API of reference data: regions, sectors, countries, currencies and exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import item_response
from keruen.api.ordering import apply_sort
from keruen.api.pagination import PageQuery, page_response, page_schema, paginate
from keruen.api.writes import require_coordinator
from keruen.core.filters import contains_any
from keruen.reference.models import FxRate
from keruen.reference.selectors import (
    country_list,
    currency_list,
    fx_rate_list,
    region_list,
    sector_list,
)
from keruen.reference.services import fx_rate_upsert

router = Router(tags=["reference"])


class RegionOut(Schema):
    code: str
    name: str
    name_ru: str
    name_kk: str
    kind: str
    capital: str
    since: dt.date | None = None


class SectorOut(Schema):
    code: str
    name: str
    name_ru: str
    name_kk: str
    kind: str
    parent: str | None = None
    oked: str


class CountryOut(Schema):
    code: str
    name: str
    name_ru: str
    name_kk: str


class CurrencyOut(Schema):
    code: str
    name: str
    symbol: str
    minor_units: int


class FxRateOut(Schema):
    currency: str
    date: dt.date
    units_per_usd: str
    source: str


class FxRateIn(Schema):
    currency: str = Field(..., min_length=3, max_length=3, description="ISO 4217")
    date: dt.date
    units_per_usd: Decimal = Field(..., gt=0, max_digits=24, decimal_places=10)
    source: str = Field(..., min_length=1, max_length=200)


class NamedQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="code or name in kk/ru/en")


class SectorQuery(NamedQuery):
    kind: str | None = Field(None, max_length=10)
    parent: str | None = Field(None, max_length=60, description="parent sector code")


class FxRateQuery(PageQuery):
    currency: str | None = Field(None, max_length=3)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


NAMES = ["code", "name", "name_ru", "name_kk"]
NAME_SORTS = {"code": "code", "name": "name"}


def _named(qs: Any, q: str | None) -> Any:
    if q:
        qs = qs.filter(contains_any(q, *NAMES))
    return qs


REGION_FIELDS = [*NAMES, "kind", "capital", "since"]


@router.get("/regions/", response=page_schema(RegionOut), summary="The regions of Kazakhstan")
def regions_list(request: HttpRequest, query: Query[NamedQuery]) -> HttpResponse:
    qs = apply_sort(_named(region_list(), query.q), query.sort, NAME_SORTS, ("code",))
    count, page = paginate(qs, query)
    return page_response(count, list(page.values(*REGION_FIELDS)))


@router.get("/regions/{code}", response={200: RegionOut, **PROBLEM_RESPONSES}, summary="A region")
def regions_detail(request: HttpRequest, code: str) -> HttpResponse:
    row = region_list().filter(code=code.upper()).values(*REGION_FIELDS).first()
    if row is None:
        raise Http404
    return item_response(request, row)


def _sector_rows(qs: Any) -> list[dict[str, Any]]:
    rows = list(qs.values(*NAMES, "kind", "parent__code", "oked"))
    for r in rows:
        r["parent"] = r.pop("parent__code")
    return rows


@router.get("/sectors/", response=page_schema(SectorOut), summary="The sector tree")
def sectors_list(request: HttpRequest, query: Query[SectorQuery]) -> HttpResponse:
    qs = _named(sector_list(), query.q)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.parent:
        qs = qs.filter(parent__code=query.parent)
    qs = apply_sort(qs, query.sort, NAME_SORTS, ("code",))
    count, page = paginate(qs, query)
    return page_response(count, _sector_rows(page))


@router.get("/sectors/{code}", response={200: SectorOut, **PROBLEM_RESPONSES}, summary="A sector")
def sectors_detail(request: HttpRequest, code: str) -> HttpResponse:
    rows = _sector_rows(sector_list().filter(code=code))
    if not rows:
        raise Http404
    return item_response(request, rows[0])


@router.get("/countries/", response=page_schema(CountryOut), summary="Countries (ISO 3166-1)")
def countries_list(request: HttpRequest, query: Query[NamedQuery]) -> HttpResponse:
    qs = apply_sort(_named(country_list(), query.q), query.sort, NAME_SORTS, ("code",))
    count, page = paginate(qs, query)
    return page_response(count, list(page.values(*NAMES)))


@router.get("/currencies/", response=page_schema(CurrencyOut), summary="Currencies (ISO 4217)")
def currencies_list(request: HttpRequest, query: Query[NamedQuery]) -> HttpResponse:
    qs = apply_sort(_named(currency_list(), query.q), query.sort, NAME_SORTS, ("code",))
    count, page = paginate(qs, query)
    return page_response(count, list(page.values("code", "name", "symbol", "minor_units")))


def _rate_rows(qs: Any) -> list[dict[str, Any]]:
    rows = list(qs.values("currency__code", "date", "units_per_usd", "source"))
    for r in rows:
        r["currency"] = r.pop("currency__code")
    return rows


@router.get(
    "/fx-rates/", response=page_schema(FxRateOut), summary="Exchange rates (units per US dollar)"
)
def fx_rates_list(request: HttpRequest, query: Query[FxRateQuery]) -> HttpResponse:
    qs = fx_rate_list(currency=query.currency.upper() if query.currency else None)
    if query.date_from:
        qs = qs.filter(date__gte=query.date_from)
    if query.date_to:
        qs = qs.filter(date__lte=query.date_to)
    qs = apply_sort(
        qs, query.sort, {"date": "date", "currency": "currency__code"}, ("currency__code", "date")
    )
    count, page = paginate(qs, query)
    return page_response(count, _rate_rows(page))


@router.post(
    "/fx-rates/",
    response={201: FxRateOut, **PROBLEM_RESPONSES},
    summary="Record an exchange rate (coordinators)",
)
def fx_rates_create(request: HttpRequest, body: FxRateIn) -> HttpResponse:
    user = current_user(request)
    require_coordinator(user, _("Only coordinators record exchange rates."))
    rate = fx_rate_upsert(
        currency=body.currency.upper(),
        date=body.date,
        units_per_usd=body.units_per_usd,
        source=body.source,
    )
    return item_response(request, _rate_rows(FxRate.objects.filter(pk=rate.pk))[0], status=201)
