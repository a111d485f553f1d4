"""Agreements and events as the API shows them: plain dicts, a page in a fixed number of queries.

Fields the caller may not see are removed by `accounts.policy.redact`. (The export's canonical
rows, cells as text, are `reports.exports.rows.agreement_rows` / `event_rows`.)
"""

from __future__ import annotations

from typing import Any

from keruen.accounts.policy import redacted_rows
from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.core.grouping import related_values, rows_by_pk
from keruen.core.models import TITLE_FIELDS
from keruen.parties.payloads import identifiers_of, linked_organizations
from keruen.projects.models import Project

LABEL = "agreements.agreement"

AGREEMENT_SCALARS = [
    "code",
    *TITLE_FIELDS,
    "kind",
    "status",
    "signed_on",
    "value_amount",
    "value_date",
    "value_usd",
    "description",
    "confidentiality",
    "is_illustrative",
    "created_at",
    "updated_at",
]
AGREEMENT_RENAMED = {
    "event__slug": "event",
    "region__code": "region",
    "sector__code": "sector",
    "counterparty_country__code": "counterparty_country",
    "value_currency_id": "value_currency",
}


def agreement_payloads(pks: list[int], user: Any, *, detail: bool = False) -> list[dict[str, Any]]:
    """The agreements `pks`, in that order (the detail adds identifiers and sources)."""
    if not pks:
        return []
    rows = rows_by_pk(Agreement, pks, AGREEMENT_SCALARS, AGREEMENT_RENAMED)
    parties: dict[int, list[dict[str, Any]]] = {}
    org_ids: set[int] = set()
    for aid, org_id, code, name, role in (
        AgreementParty.objects.filter(agreement_id__in=pks)
        .order_by("agreement_id", "organization__code", "role")
        .values_list(
            "agreement_id", "organization_id", "organization__code", "organization__name", "role"
        )
    ):
        org_ids.add(org_id)
        parties.setdefault(aid, []).append(
            {"organization": code, "name": name, "role": role, "_org": org_id}
        )
    visible_projects = Project.objects.restrict(user, "view")
    projects = related_values(
        Agreement.projects.through,
        "agreement_id",
        pks,
        "project__code",
        project__in=visible_projects,
    )
    portfolios = related_values(
        Agreement.portfolios.through, "agreement_id", pks, "portfolio__slug"
    )
    identifiers = identifiers_of(org_ids) if detail else None
    sources: dict[int, list[Any]] = {}
    if detail:
        sources = related_values(Agreement.sources.through, "agreement_id", pks, "source__code")

    def fill(pk: int, row: dict[str, Any]) -> None:
        row["parties"] = linked_organizations(parties.get(pk, []), identifiers)
        row["projects"] = projects.get(pk, [])
        row["portfolios"] = portfolios.get(pk, [])
        if detail:
            row["sources"] = sources.get(pk, [])

    return redacted_rows(user, LABEL, rows, pks, fill)


def agreement_payload(agreement: Agreement, user: Any) -> dict[str, Any]:
    return agreement_payloads([agreement.pk], user, detail=True)[0]


EVENT_SCALARS = [
    "slug",
    *TITLE_FIELDS,
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "description",
    "chair",
    "is_illustrative",
]
EVENT_RENAMED = {"region__code": "region", "country__code": "country"}


def event_payloads(pks: list[int], user: Any = None) -> list[dict[str, Any]]:
    """The events `pks`, in that order (every field of an event is public: `user` changes
    nothing)."""
    if not pks:
        return []
    rows = rows_by_pk(Event, pks, EVENT_SCALARS, EVENT_RENAMED)
    participants = related_values(Event.participants.through, "event_id", pks, "organization__code")
    out = []
    for pk in pks:
        row = rows[pk]
        row["participants"] = participants.get(pk, [])
        out.append(row)
    return out


def event_payload(event: Event, user: Any = None) -> dict[str, Any]:
    return event_payloads([event.pk])[0]
