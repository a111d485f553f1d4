"""The state one import run shares across rows: lookups loaded once, what it created."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from keruen.core.money import FxTable
from keruen.core.types import Actor
from keruen.imports.base import MISSING, ImportReport, RowReader
from keruen.imports.formats import split_list
from keruen.parties.models import Organization
from keruen.parties.selectors import OrganizationIndex
from keruen.parties.services import organization_create
from keruen.projects.models import Portfolio
from keruen.projects.services import portfolio_create
from keruen.reference.models import Country
from keruen.reference.selectors import Resolver, fx_table


def differing(instance: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Only the values that differ from the instance's (many-to-many as sets of records).

    Relations are compared by the key they point at: currencies are keyed by code, which
    comparing with the currency's numeric id would always find changed.
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        f = instance._meta.get_field(name)
        if f.many_to_many:
            current = {o.pk for o in getattr(instance, name).all()}
            if current != {o.pk for o in value}:
                out[name] = value
        elif f.is_relation:
            target = f.target_field.attname
            new = getattr(value, target) if value is not None else None
            if getattr(instance, f.attname) != new:
                out[name] = value
        elif getattr(instance, name) != value:
            out[name] = value
    return out


class ImportContext:
    def __init__(
        self,
        *,
        actor: Actor,
        reason: str,
        report: ImportReport,
        allow_new_organizations: bool = True,
    ) -> None:
        self.actor = actor
        self.reason = reason
        self.report = report
        self.allow_new_organizations = allow_new_organizations
        self.resolver = Resolver()
        self._fx: FxTable | None = None
        self._orgs: OrganizationIndex | None = None
        self._portfolios: dict[str, Portfolio] | None = None
        self.cache: dict[str, Any] = {}

    @property
    def fx(self) -> FxTable:
        if self._fx is None:
            self._fx = fx_table()
        return self._fx

    def reset_fx(self) -> None:
        self._fx = None

    @property
    def orgs(self) -> OrganizationIndex:
        if self._orgs is None:
            # Exact matches only (by code, name, alias or identifier in any script): a fuzzy
            # match would silently merge two companies with similar names.
            self._orgs = OrganizationIndex(fuzzy_cutoff=100.0)
        return self._orgs

    def organization(
        self,
        r: RowReader,
        column: str,
        name: str,
        *,
        kind: str = Organization.Kind.COMPANY,
        country: Country | None = None,
    ) -> Organization | Any:
        found = self.orgs.find(name)
        if found is not None:
            return found
        if not self.allow_new_organizations:
            r.problem(
                column,
                name,
                _("a known organization (name, alias or identifier); new ones are not allowed"),
            )
            return MISSING
        org = organization_create(
            actor=self.actor, reason=self.reason, name=name.strip(), kind=kind, country=country
        )
        self.orgs.add(org)
        self.report.new_organizations.append(org.name)
        return org

    def portfolio(self, slug: str) -> Portfolio:
        if self._portfolios is None:
            self._portfolios = {p.slug: p for p in Portfolio.objects.all()}
        found = self._portfolios.get(slug)
        if found is None:
            found = portfolio_create(actor=self.actor, reason=self.reason, slug=slug, name=slug)
            self._portfolios[slug] = found
            self.report.new_portfolios.append(slug)
        return found

    def portfolios(self, r: RowReader, column: str = "portfolios") -> list[Portfolio] | Any:
        out = []
        from django.utils.text import slugify

        for value in split_list(r.text(column)):
            slug = slugify(value)
            if not slug or slug != value:
                r.problem(column, value, _("a portfolio code (lower-case letters, digits, -)"))
                return MISSING
            out.append(self.portfolio(slug))
        return out

    def many(self, r: RowReader, column: str, lookup: Any) -> list[Any] | Any:
        """Each value of a multi-valued cell resolved by `lookup`, or MISSING."""
        out = []
        ok = True
        for value in split_list(r.text(column)):
            try:
                out.append(lookup(value, field=column))
            except ValidationError as e:
                r.problem(column, value, " ".join(e.messages))
                ok = False
        return out if ok else MISSING

    def one(self, r: RowReader, column: str, lookup: Any) -> Any:
        raw = r.text(column)
        if not raw:
            return None
        try:
            return lookup(raw, field=column)
        except ValidationError as e:
            r.problem(column, raw, " ".join(e.messages))
            return MISSING
