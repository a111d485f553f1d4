"""Reads of organizations, and resolving a name in any script to an organization."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier
from keruen.parties.services import normalize_name


def organization_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("country", "region", "parent")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(name_ru__icontains=q)
            | Q(name_kk__icontains=q)
            | Q(code__icontains=q)
            | Q(aliases__alias__icontains=q)
        ).distinct()
    return qs.order_by("code")


class OrganizationIndex:
    """Finds organizations by code, name, alias or identifier in any script, exactly or fuzzily.

    Built once (one query per table), for imports and the extractor that resolve many names.
    """

    def __init__(self, *, fuzzy_cutoff: float = 90.0) -> None:
        self.fuzzy_cutoff = fuzzy_cutoff
        self._by_key: dict[str, int] = {}
        self._orgs: dict[int, Organization] = {}
        for org in Organization.objects.all():
            self._orgs[org.pk] = org
            self.add(org)
        for org_id, alias in OrganizationAlias.objects.values_list("organization_id", "alias"):
            self._by_key.setdefault(normalize_name(alias), org_id)
        for org_id, value in OrganizationIdentifier.objects.values_list("organization_id", "value"):
            self._by_key.setdefault(value.upper(), org_id)

    def add(self, org: Organization, *extra: str) -> None:
        self._orgs[org.pk] = org
        self._by_key.setdefault(org.code, org.pk)
        for name in (org.name, org.name_ru, org.name_kk, *extra):
            if name:
                self._by_key.setdefault(normalize_name(name), org.pk)

    def find(self, text: str) -> Organization | None:
        text = text.strip()
        if not text:
            return None
        for key in (text, text.upper(), normalize_name(text)):
            if key in self._by_key:
                return self._orgs[self._by_key[key]]
        norm = normalize_name(text)
        if len(norm) < 4:
            return None
        match = process.extractOne(
            norm, self._by_key.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=self.fuzzy_cutoff
        )
        return self._orgs[self._by_key[match[0]]] if match else None


def organization_resolve(text: str) -> Organization | None:
    return OrganizationIndex().find(text)
