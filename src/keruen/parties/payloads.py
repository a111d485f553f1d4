"""Organizations as the API shows them: plain dicts, a page of them in a fixed number of queries.

Fields the caller may not see are removed by `accounts.policy.redact`.
"""

from __future__ import annotations

from typing import Any

from keruen.accounts.policy import redacted_rows
from keruen.core.grouping import grouped, rows_by_pk
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier

LABEL = "parties.organization"

SCALARS = [
    "code",
    "name",
    "name_ru",
    "name_kk",
    "kind",
    "website",
    "is_illustrative",
    "created_at",
    "updated_at",
]
RENAMED = {"country__code": "country", "region__code": "region", "parent__code": "parent"}


def identifiers_of(org_ids: Any) -> dict[int, list[dict[str, str]]]:
    """The identifiers (`{"scheme", "value"}`) of the organizations `org_ids`, by organization."""
    return grouped(
        (org_id, {"scheme": scheme, "value": value})
        for org_id, scheme, value in OrganizationIdentifier.objects.filter(
            organization_id__in=org_ids
        )
        .order_by("organization_id", "scheme", "value")
        .values_list("organization_id", "scheme", "value")
    )


def linked_organizations(
    links: list[dict[str, Any]], identifiers: dict[int, list[dict[str, str]]] | None
) -> list[dict[str, Any]]:
    """A record's organizations (an agreement's parties, a project's investors), each read with
    its organization's id as `_org`: without it, and with the organization's identifiers when
    `identifiers` (by organization, see `identifiers_of`) is given, as on a detail."""
    for link in links:
        org = link.pop("_org")
        if identifiers is not None:
            link["identifiers"] = identifiers.get(org, [])
    return links


def organization_payloads(pks: list[int], user: Any) -> list[dict[str, Any]]:
    """The organizations `pks`, in that order."""
    if not pks:
        return []
    rows = rows_by_pk(Organization, pks, SCALARS, RENAMED)
    aliases = grouped(
        (org_id, {"alias": alias, "script": script})
        for org_id, alias, script in OrganizationAlias.objects.filter(organization_id__in=pks)
        .order_by("organization_id", "alias")
        .values_list("organization_id", "alias", "script")
    )
    identifiers = identifiers_of(pks)

    def fill(pk: int, row: dict[str, Any]) -> None:
        row["aliases"] = aliases.get(pk, [])
        row["identifiers"] = identifiers.get(pk, [])

    return redacted_rows(user, LABEL, rows, pks, fill)


def organization_payload(org: Organization, user: Any) -> dict[str, Any]:
    return organization_payloads([org.pk], user)[0]
