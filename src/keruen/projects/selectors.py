"""Reads of projects and portfolios, always through the reader's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from keruen.projects.models import Portfolio, Project, ProjectInvestor


@dataclass(frozen=True)
class ProjectFilters:
    region: str | None = None  # ISO 3166-2 code
    sector: str | None = None  # sector code
    stage: str | None = None
    portfolio: str | None = None  # slug
    investor: str | None = None  # organization code
    country: str | None = None  # investor country, ISO alpha-2
    confidentiality: str | None = None
    q: str | None = None
    counted_only: bool = False
    start_from: dt.date | None = None  # start on or after
    start_to: dt.date | None = None  # start on or before
    changed_since: dt.datetime | None = None  # last changed at or after


def text_search(q: str, *fields: str) -> Q:
    """`q` in any of `fields`, ignoring case in every script.

    SQLite folds the case of ASCII letters only, so Cyrillic is also tried as typed, in lower
    case, in upper case and capitalized ("цементный" finds "Цементный завод").
    """
    q = q.strip()
    variants = {q, q.lower(), q.upper(), q.capitalize(), q.title()}
    cond = Q()
    for name in fields:
        for v in variants:
            cond |= Q(**{f"{name}__icontains": v})
    return cond


def project_list(*, user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    f = filters or ProjectFilters()
    qs = Project.objects.restrict(user, "view")
    if f.region:
        qs = qs.filter(regions__code=f.region)
    if f.sector:
        qs = qs.filter(Q(sectors__code=f.sector) | Q(sectors__parent__code=f.sector))
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.portfolio:
        qs = qs.filter(portfolios__slug=f.portfolio)
    if f.investor:
        qs = qs.filter(investors__organization__code=f.investor)
    if f.country:
        qs = qs.filter(investors__organization__country__code=f.country.upper())
    if f.confidentiality:
        qs = qs.filter(confidentiality=f.confidentiality)
    if f.q:
        qs = qs.filter(
            text_search(
                f.q,
                "code",
                "title",
                "title_ru",
                "title_kk",
                "description",
                "investors__organization__name",
                "investors__organization__name_ru",
                "investors__organization__aliases__alias",
            )
        )
    if f.counted_only:
        qs = qs.filter(counts_in_totals=True)
    if f.start_from:
        qs = qs.filter(start_on__gte=f.start_from)
    if f.start_to:
        qs = qs.filter(start_on__lte=f.start_to)
    if f.changed_since:
        qs = qs.filter(updated_at__gte=f.changed_since)
    # Joins over many-valued relations can repeat a project: keep each once.
    if f.region or f.sector or f.portfolio or f.investor or f.country or f.q:
        qs = Project.objects.filter(pk__in=qs.values("pk"))
    return qs.order_by("code")


def project_detail_queryset(*, user: Any) -> QuerySet[Project]:
    return (
        Project.objects.restrict(user, "view")
        .select_related(
            "total_investment_currency",
            "total_investment_fx",
            "foreign_investment_currency",
            "foreign_investment_fx",
            "responsible_body",
            "curator",
            "parent",
        )
        .prefetch_related(
            "regions",
            "sectors",
            "portfolios",
            "sources",
            "milestones",
            Prefetch(
                "investors",
                queryset=ProjectInvestor.objects.select_related(
                    "organization", "organization__country"
                ),
            ),
        )
    )


def portfolio_list(*, user: Any) -> QuerySet[Portfolio]:
    return Portfolio.objects.restrict(user, "view").order_by("slug")
