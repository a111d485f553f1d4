"""Reads of organizations, and resolving a name in any script to an organization."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from keruen.core.filters import Filters, Sort, Sorts, contains_any, filter_field
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier
from keruen.parties.services import normalize_name


@dataclass(frozen=True)
class OrganizationFilters(Filters):
    """The organization list's filters, as named in the page's and the API's query strings."""

    kind: str | None = filter_field("kind", api=Organization.Kind)
    country: str | None = filter_field(
        "country__code", upper=True, max_length=2, description="ISO alpha-2"
    )
    region: str | None = filter_field("region__code", max_length=6, description="ISO 3166-2 code")
    q: str | None = filter_field(max_length=200, description="names in any script, aliases")


#: The organization list's sort keys: on the page and in the API.
ORGANIZATION_SORTS = Sorts(
    (
        Sort("code", page="code", api="code"),
        Sort("name", page="name", api="name"),
        Sort("kind", page="kind", api="kind"),
        Sort("updated_at", api="updated_at"),
    )
)


def organization_list(*, filters: OrganizationFilters | None = None) -> QuerySet[Organization]:
    f = filters or OrganizationFilters()
    qs = f.apply(Organization.objects.select_related("country", "region", "parent"))
    if f.q:
        qs = qs.filter(
            contains_any(f.q, "name", "name_ru", "name_kk", "code", "aliases__alias")
        ).distinct()
    return qs.order_by("code")


def organization_by_code(code: str, *, field: str) -> Organization:
    """The organization `code`; a validation error naming `field` when there is none."""
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationError(
            {
                field: _("Unknown organization %(value)r: expected an organization code.")
                % {"value": code}
            }
        )
    return org


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


def organization_label(code: str) -> str:
    """The organization's name in the reader's language (its code when there is none)."""
    org = Organization.objects.filter(code=code).first()
    return org.localized_name() if org else code
