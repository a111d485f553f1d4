"""Reads of initiatives, through the reader's access. The matching lives in
`keruen.regions.matching` (re-exported here); the scorecards, which count initiatives among much
else, in `keruen.regions.scorecard`.

Drafts are the region's own work in progress: only those who may change them (the region's
editors, coordinators) see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from keruen.regions.matching import Candidates, initiative_candidates
from keruen.regions.models import Initiative, InitiativeStatus

__all__ = [
    "Candidates",
    "InitiativeFilters",
    "initiative_candidates",
    "initiative_detail_queryset",
    "initiative_list",
]


@dataclass(frozen=True)
class InitiativeFilters:
    region: str | None = None  # ISO 3166-2 code
    status: str | None = None
    sector: str | None = None  # sector code (its children match too)
    country: str | None = None  # a partner country sought, ISO alpha-2
    q: str | None = None


def _visible(user: Any) -> QuerySet[Initiative]:
    qs = Initiative.objects.restrict(user, "view")
    editable = Initiative.objects.restrict(user, "change").values("pk")
    return qs.filter(~Q(status=InitiativeStatus.DRAFT) | Q(pk__in=editable))


def initiative_list(*, user: Any, filters: InitiativeFilters | None = None) -> QuerySet[Initiative]:
    f = filters or InitiativeFilters()
    qs = _visible(user)
    if f.region:
        qs = qs.filter(region__code=f.region)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.sector:
        qs = qs.filter(Q(sectors__code=f.sector) | Q(sectors__parent__code=f.sector))
    if f.country:
        qs = qs.filter(partner_countries__code=f.country.upper())
    if f.q:
        qs = qs.filter(
            Q(code__icontains=f.q)
            | Q(title__icontains=f.q)
            | Q(title_ru__icontains=f.q)
            | Q(title_kk__icontains=f.q)
            | Q(description__icontains=f.q)
        )
    if f.sector or f.country:
        qs = Initiative.objects.filter(pk__in=qs.values("pk"))
    return (
        qs.select_related("region", "event", "investor", "project", "investment_currency")
        .prefetch_related("sectors", "partner_countries")
        .order_by("code")
    )


def initiative_detail_queryset(*, user: Any) -> QuerySet[Initiative]:
    return (
        _visible(user)
        .select_related(
            "region", "event", "investor", "project", "investment_currency", "investment_fx"
        )
        .prefetch_related("sectors", "partner_countries", "sources")
    )
