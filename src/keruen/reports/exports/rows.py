"""Records as canonical rows (the columns imports read), ordered by code, for whoever asks.

Each kind's `rows(...)` yields dicts of canonical column → cell text in the canonical formats
(`keruen.imports.formats`), so that export → import → export is byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Max, Prefetch, QuerySet
from django.db.models.functions import Collate

from keruen.accounts.policy import hidden_fields
from keruen.accounts.selectors import user_scope
from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.imports.formats import (
    format_bool,
    format_date,
    format_decimal,
    format_int,
    join_list,
)
from keruen.imports.kinds import KINDS
from keruen.parties.models import Organization
from keruen.projects.models import Project, ProjectInvestor
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import FxRate
from keruen.reports.exports.progress import progress_bar

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


MODELS = {
    "projects": "projects.project",
    "agreements": "agreements.agreement",
    "events": "agreements.event",
    "organizations": "parties.organization",
    "fx-rates": "reference.fxrate",
}
#: Field names of the access policy that are spelled differently as columns.
FIELD_COLUMNS = {"parties.role": "party_roles"}


def hidden_columns(kind: str, audience: Audience) -> set[str]:
    """Columns the audience may not see: the access policy's hidden fields for the kind's model.

    One column set for the whole file, so an editor's own records lose their restricted fields
    too (the policy would show them record by record; a spreadsheet has one header).
    """
    hidden = hidden_fields(audience.user, MODELS[kind])
    return {FIELD_COLUMNS.get(name, name) for name in hidden}


def columns_for(kind: str, audience: Audience) -> list[str]:
    spec = KINDS[kind]
    hidden = hidden_columns(kind, audience)
    if not audience.sees_confidential:
        hidden |= set(spec.confidential_columns)
    return [c for c in spec.columns if c not in hidden]


def with_row_relations(qs: QuerySet) -> QuerySet:
    """`qs` with the relations `project_row` reads, fetched in a few queries per chunk."""
    return qs.select_related("responsible_body", "curator", "parent").prefetch_related(
        "regions",
        "sectors",
        "portfolios",
        Prefetch(
            "investors",
            queryset=ProjectInvestor.objects.select_related(
                "organization", "organization__country"
            ),
        ),
    )


def project_queryset(
    audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> QuerySet:
    qs = project_list(
        user=audience.user, filters=ProjectFilters(portfolio=portfolio, region=region)
    )
    return by_code(with_row_relations(qs).prefetch_related("sources", "milestones"))


def without_unseen_parents(qs: QuerySet, audience: Audience) -> Iterator[Any]:
    """The projects of `qs`, each without its parent where the audience may not see that one
    (a public phase of a restricted project): not its code, not its title."""
    unseen = set(
        Project.objects.filter(pk__in=qs.values("parent_id"))
        .exclude(pk__in=project_list(user=audience.user).values("pk"))
        .values_list("pk", flat=True)
    )
    for p in qs.iterator(chunk_size=CHUNK):
        if p.parent_id in unseen:
            p.parent = None
        yield p


def stamp(moment: dt.datetime | None) -> str:
    """A moment as the standards write it: UTC, to the second ("2025-06-25T09:30:00Z")."""
    moment = moment or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Publication:
    """What a standard's file (IATI, OC4IDS) publishes: the projects of a portfolio or region
    for an audience (unseen parents left out) and the stamp of their latest change."""

    audience: Audience
    portfolio: str | None
    region: str | None
    latest: str
    projects: Iterator[Any]


def publication(
    audience: Audience, *, portfolio: str | None, region: str | None, progress: bool
) -> Publication:
    qs = project_queryset(audience, portfolio=portfolio, region=region)
    latest = qs.order_by().aggregate(m=Max("updated_at"))["m"]
    projects = progress_bar(without_unseen_parents(qs, audience), "projects", progress)
    return Publication(audience, portfolio, region, stamp(latest), projects)


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
    qs = project_queryset(audience, portfolio=portfolio, region=region)
    for p in without_unseen_parents(qs, audience):
        row = project_row(p)
        yield {c: row[c] for c in columns}


def organization_rows(audience: Audience, **_filters: Any) -> Iterator[dict[str, str]]:
    columns = columns_for("organizations", audience)
    qs = by_code(
        Organization.objects.restrict(audience.user, "view")
        .select_related("country", "region", "parent")
        .prefetch_related("aliases", "identifiers")
    )
    for o in qs.iterator(chunk_size=CHUNK):
        row = {
            "code": o.code,
            "name": o.name,
            "name_ru": o.name_ru,
            "name_kk": o.name_kk,
            "kind": o.kind,
            "country": o.country.code if o.country else "",
            "region": o.region.code if o.region else "",
            "parent": o.parent.code if o.parent else "",
            "website": o.website,
            "aliases": join_list(
                f"{a.script}:{a.alias}" for a in sorted(o.aliases.all(), key=lambda a: a.alias)
            ),
            "identifiers": join_list(
                f"{i.scheme}:{i.value}"
                for i in sorted(o.identifiers.all(), key=lambda i: (i.scheme, i.value))
            ),
            "is_illustrative": format_bool(o.is_illustrative),
        }
        yield {c: row[c] for c in columns}


def event_rows(
    audience: Audience, *, region: str | None = None, **_filters: Any
) -> Iterator[dict[str, str]]:
    columns = columns_for("events", audience)
    qs = Event.objects.restrict(audience.user, "view").select_related("region", "country")
    if region:
        qs = qs.filter(region__code=region)
    for e in by_code(qs.prefetch_related("participants"), "slug").iterator(chunk_size=CHUNK):
        row = {
            "slug": e.slug,
            "title": e.title,
            "title_ru": e.title_ru,
            "title_kk": e.title_kk,
            "kind": e.kind,
            "starts_on": format_date(e.starts_on),
            "ends_on": format_date(e.ends_on),
            "place": e.place,
            "region": e.region.code if e.region else "",
            "country": e.country.code if e.country else "",
            "chair": e.chair,
            "description": e.description,
            "participants": join_list(sorted(o.name for o in e.participants.all())),
            "is_illustrative": format_bool(e.is_illustrative),
        }
        yield {c: row[c] for c in columns}


def agreement_rows(
    audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> Iterator[dict[str, str]]:
    columns = columns_for("agreements", audience)
    qs = Agreement.objects.restrict(audience.user, "view")
    if portfolio:
        qs = qs.filter(portfolios__slug=portfolio)
    if region:
        qs = qs.filter(region__code=region)
    if portfolio:
        qs = Agreement.objects.filter(pk__in=qs.values("pk"))
    qs = qs.select_related("event", "region", "sector", "counterparty_country").prefetch_related(
        # Only the projects the audience may see: a code is enough to tell a project exists.
        Prefetch("projects", queryset=project_list(user=audience.user)),
        "portfolios",
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organization")),
    )
    for a in by_code(qs).iterator(chunk_size=CHUNK):
        parties = sorted(a.parties.all(), key=lambda x: (x.role, x.organization.name))
        row = {
            "code": a.code,
            "title": a.title,
            "title_ru": a.title_ru,
            "title_kk": a.title_kk,
            "kind": a.kind,
            "status": a.status,
            "signed_on": format_date(a.signed_on),
            "event": a.event.slug if a.event else "",
            "region": a.region.code if a.region else "",
            "sector": a.sector.code if a.sector else "",
            "counterparty_country": a.counterparty_country.code if a.counterparty_country else "",
            "value_amount": format_decimal(a.value_amount),
            "value_currency": a.value_currency_id or "",
            "value_date": format_date(a.value_date),
            "parties": join_list(x.organization.name for x in parties),
            "party_roles": join_list(x.role for x in parties),
            "projects": join_list(sorted(p.code for p in a.projects.all())),
            "portfolios": join_list(sorted(p.slug for p in a.portfolios.all())),
            "confidentiality": a.confidentiality,
            "description": a.description,
            "is_illustrative": format_bool(a.is_illustrative),
        }
        yield {c: row[c] for c in columns}


def fx_rate_rows(audience: Audience, **_filters: Any) -> Iterator[dict[str, str]]:
    qs = FxRate.objects.order_by("currency__code", "date").values_list(
        "currency__code", "date", "units_per_usd", "source"
    )
    for code, day, units, source in qs.iterator(chunk_size=CHUNK):
        yield {
            "currency": code,
            "date": format_date(day),
            "units_per_usd": format_decimal(units),
            "source": source,
        }


ROWS = {
    "projects": project_rows,
    "organizations": organization_rows,
    "events": event_rows,
    "agreements": agreement_rows,
    "fx-rates": fx_rate_rows,
}


def kind_rows(
    kind: str, audience: Audience, *, portfolio: str | None = None, region: str | None = None
) -> Iterator[dict[str, str]]:
    return ROWS[kind](audience, portfolio=portfolio, region=region)
