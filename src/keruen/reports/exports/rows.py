"""Records as canonical rows (the columns imports read), ordered by code, for whoever asks.

Each kind's `rows(...)` yields dicts of canonical column → cell text in the canonical formats
(`keruen.imports.formats`), so that export → import → export is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Collate

from keruen.accounts.selectors import user_scope
from keruen.imports.formats import (
    format_bool,
    format_date,
    format_decimal,
    format_int,
    join_list,
)
from keruen.imports.kinds import KINDS
from keruen.projects.models import ProjectInvestor
from keruen.projects.selectors import ProjectFilters, project_list

CHUNK = 2000


@dataclass(frozen=True)
class Audience:
    """Who the export is for: Keruen itself (`user=None`), a user, or the public."""

    user: Any = None
    label: str = "keruen"

    @property
    def sees_confidential(self) -> bool:
        return user_scope(self.user).is_coordinator

    @classmethod
    def public(cls) -> Audience:
        return cls(user=AnonymousUser(), label="public")

    @classmethod
    def for_username(cls, username: str) -> Audience:
        user = get_user_model().objects.get(username=username)
        return cls(user=user, label=username)


def by_code(qs: QuerySet, field: str = "code") -> QuerySet:
    """Order by code the same way on every database (byte order, not the locale's collation)."""
    if connection.vendor == "postgresql":
        return qs.order_by(Collate(field, "C"))
    return qs.order_by(field)


def columns_for(kind: str, audience: Audience) -> list[str]:
    spec = KINDS[kind]
    if audience.sees_confidential:
        return list(spec.columns)
    return [c for c in spec.columns if c not in spec.confidential_columns]


def project_queryset(
    audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> QuerySet:
    qs = project_list(
        user=audience.user, filters=ProjectFilters(portfolio=portfolio, region=region)
    )
    return by_code(
        qs.select_related("responsible_body", "curator", "parent").prefetch_related(
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


def _investor_order(inv: ProjectInvestor) -> tuple:
    share = inv.share if inv.share is not None else Decimal(-1)
    return (-share, inv.role, inv.organization.name)


def project_row(p: Any) -> dict[str, str]:
    investors = sorted(p.investors.all(), key=_investor_order)
    return {
        "code": p.code,
        "title": p.title,
        "title_ru": p.title_ru,
        "title_kk": p.title_kk,
        "description": p.description,
        "stage": p.stage,
        "stage_since": format_date(p.stage_since),
        "regions": join_list(sorted(r.code for r in p.regions.all())),
        "sectors": join_list(sorted(s.code for s in p.sectors.all())),
        "investors": join_list(i.organization.name for i in investors),
        "investor_roles": join_list(i.role for i in investors),
        "investor_shares": join_list(format_decimal(i.share) for i in investors),
        "investor_countries": join_list(
            i.organization.country.code if i.organization.country else "" for i in investors
        ),
        "total_investment_amount": format_decimal(p.total_investment_amount),
        "total_investment_currency": p.total_investment_currency_id or "",
        "total_investment_date": format_date(p.total_investment_date),
        "foreign_investment_amount": format_decimal(p.foreign_investment_amount),
        "foreign_investment_currency": p.foreign_investment_currency_id or "",
        "foreign_investment_date": format_date(p.foreign_investment_date),
        "jobs_planned": format_int(p.jobs_planned),
        "jobs_created": format_int(p.jobs_created),
        "construction_jobs_planned": format_int(p.construction_jobs_planned),
        "construction_jobs_created": format_int(p.construction_jobs_created),
        "responsible_body": p.responsible_body.name if p.responsible_body else "",
        "curator": p.curator.name if p.curator else "",
        "portfolios": join_list(sorted(x.slug for x in p.portfolios.all())),
        "confidentiality": p.confidentiality,
        "parent": p.parent.code if p.parent else "",
        "counts_in_totals": format_bool(p.counts_in_totals),
        "start_on": format_date(p.start_on),
        "end_on": format_date(p.end_on),
        "is_illustrative": format_bool(p.is_illustrative),
        "negotiation_notes": p.negotiation_notes,
    }


def project_rows(
    audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> Iterator[dict[str, str]]:
    columns = columns_for("projects", audience)
    for p in project_queryset(audience, portfolio=portfolio, region=region).iterator(
        chunk_size=CHUNK
    ):
        row = project_row(p)
        yield {c: row[c] for c in columns}


def kind_rows(
    kind: str, audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> Iterator[dict[str, str]]:
    if kind == "projects":
        return project_rows(audience, portfolio=portfolio, region=region)
    raise ValueError(f"unknown export kind {kind!r}")
