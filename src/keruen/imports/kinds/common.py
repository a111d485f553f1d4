"""The state one import run shares across rows: lookups loaded once, what it created."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keruen.core.money import FxTable
from keruen.core.types import Actor
from keruen.imports.amounts import parse_amount
from keruen.imports.base import MISSING, ImportReport, RowReader, SkipRow
from keruen.imports.formats import CellError, parse_bool, parse_date, parse_int, split_list
from keruen.parties.models import Organization
from keruen.parties.selectors import OrganizationIndex
from keruen.parties.services import organization_create
from keruen.projects import bulk
from keruen.projects.models import Portfolio
from keruen.projects.services import portfolio_create
from keruen.reference.models import Country
from keruen.reference.selectors import Resolver, fx_table

T = TypeVar("T")

#: A row's `parent` when the file has no such column (None: the column is there, empty).
UNSET = object()


def _comparable(f: Any, value: Any) -> Any:
    """A value as it is stored: many-to-many as the set of keys, a relation as the key it points
    at (currencies are keyed by code, which comparing with the currency's numeric id would
    always find changed)."""
    if f.many_to_many:
        return {o.pk for o in value}
    if f.is_relation:
        return getattr(value, f.target_field.attname) if value is not None else None
    return value


def differing(instance: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Only the values that differ from the instance's (many-to-many as sets of records)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        f = instance._meta.get_field(name)
        stored = (
            {o.pk for o in getattr(instance, name).all()}
            if f.many_to_many
            else getattr(instance, f.attname)
        )
        if _comparable(f, value) != stored:
            out[name] = value
    return out


def stored_values(
    model: type[Model], key: str, keys: list[str], names: set[str]
) -> dict[str, dict[str, Any]]:
    """The stored records of `keys`, each as {"pk": …, field name: stored value, …} for `names`
    (many-to-many as sets of keys): a batch's rows compared in two queries and a few more, no
    model instances built (they cost more than the rows' parsing)."""
    fields = [model._meta.get_field(n) for n in sorted(names)]
    scalar = [f.attname for f in fields if not f.many_to_many]  # type: ignore[union-attr]
    rows = model._default_manager.filter(bulk.among(key, keys)).values("pk", key, *scalar)
    by_pk: dict[Any, dict[str, Any]] = {}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        row = {**row, **{f.name: row[f.attname] for f in fields if not f.many_to_many}}  # type: ignore[union-attr]
        by_pk[row["pk"]] = out[row[key]] = row
    for f in fields:
        if not f.many_to_many:
            continue
        for row in by_pk.values():
            row[f.name] = set()
        through = f.remote_field.through  # type: ignore[union-attr]
        own = through._meta.get_field(f.m2m_field_name()).attname  # type: ignore[union-attr]
        other = through._meta.get_field(f.m2m_reverse_field_name()).attname  # type: ignore[union-attr]
        pairs = through._default_manager.filter(bulk.among(own, list(by_pk)))
        for pk, target in pairs.values_list(own, other):
            by_pk[pk][f.name].add(target)
    return out


def differing_values(
    model: type[Model], stored: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Only the `values` that differ from a record of `stored_values`."""
    return {
        name: value
        for name, value in values.items()
        if _comparable(model._meta.get_field(name), value) != stored[name]
    }


CENT = Decimal("0.01")


@dataclass(frozen=True)
class PlainColumns:
    """The columns of a kind that every kind reads alike, by the type of their cells."""

    text: tuple[str, ...] = ()
    #: Text column → what it must hold: when the row has the column, its cell cannot be empty.
    required: dict[str, Any] = field(default_factory=dict)
    dates: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()
    #: Column → the value of an empty cell.
    bools: dict[str, bool] = field(default_factory=dict)
    #: Column → (its TextChoices, the value of an empty cell).
    choices: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    #: Column → the `Resolver` method that finds its record by code or name.
    references: dict[str, str] = field(default_factory=dict)
    #: Money groups (prefixes) read as `<prefix>_amount`, `_currency`, `_date`.
    money: tuple[str, ...] = ()

    def read(
        self, r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]
    ) -> dict[str, Any]:
        """The values of the columns the row has (MISSING where a cell fails, with a problem)."""
        v: dict[str, Any] = {}
        for col in self.text:
            if r.has(col):
                v[col] = r.text(col)
        for col, (choices, empty) in self.choices.items():
            if r.has(col):
                v[col] = r.choice(col, choices, empty=empty, language=ctx.language)
        for cols, parser in ((self.dates, parse_date), (self.ints, parse_int)):
            for col in cols:
                if r.has(col):
                    v[col] = r.parse(col, parser)
        for col, empty in self.bools.items():
            if r.has(col):
                v[col] = r.parse(col, parse_bool, empty=empty)
        for col, method in self.references.items():
            if r.has(col):
                v[col] = ctx.one(r, col, getattr(ctx.resolver, method))
        for prefix in self.money:
            read_money(r, ctx, prefix, multipliers, v)
        for col, expected in self.required.items():
            if r.has(col) and not v[col]:
                r.problem(col, "", str(expected))
        return v


def read_money(
    r: RowReader,
    ctx: ImportContext,
    prefix: str,
    multipliers: dict[str, Decimal],
    values: dict[str, Any],
) -> None:
    """An amount (which may say its currency: "$5 mln", "12,5 млрд тенге"), its currency and
    date. A currency the amount says and the currency column must agree."""
    col, cur_col, date_col = f"{prefix}_amount", f"{prefix}_currency", f"{prefix}_date"
    code = r.text(cur_col).upper()
    if r.has(col):
        raw = r.text(col)
        values[col] = None
        if raw:
            try:
                amount = parse_amount(raw, multiplier=multipliers.get(col))
            except CellError as e:
                r.problem(col, raw, e.expected)
            else:
                if amount.value < 0:
                    r.problem(col, raw, _("an amount of zero or more"))
                elif amount.currency and code and code != amount.currency:
                    r.problem(
                        col,
                        raw,
                        _("the currency of %(column)s (%(currency)s)")
                        % {"column": cur_col, "currency": code},
                    )
                else:
                    values[col] = amount.value.quantize(CENT)
                    code = code or amount.currency or ""
    if code:
        try:
            values[cur_col] = ctx.resolver.currency(code, field=cur_col)
        except ValidationError as e:
            r.problem(cur_col, code, " ".join(e.messages))
            values[cur_col] = MISSING
    elif r.has(cur_col):
        values[cur_col] = None
    if r.has(date_col):
        values[date_col] = r.parse(date_col, parse_date)


def pending_parent(model: type[Model]) -> Callable[[Any, ImportContext], bool]:
    """Whether a row names a parent `model` record that does not exist yet (perhaps a row later
    in the file): the import holds such rows back until the rest are written."""

    def pending(item: Any, ctx: ImportContext) -> bool:
        code = item.parent
        return isinstance(code, str) and not model._default_manager.filter(code=code).exists()

    return pending


def known_parent(model: type[Model], code: Any, r: RowReader, expected: str) -> Any:
    """The record a row's `parent` column names by code (None for none), or skip the row."""
    if code is None:
        return None
    parent = model._default_manager.filter(code=code).first()
    if parent is None:
        r.problem("parent", str(code), expected)
        raise SkipRow
    return parent


def with_parent(model: type[Model], item: Any, expected: str) -> tuple[dict[str, Any], Any]:
    """A copy of the parsed row's values, with the `model` record its `parent` column names (see
    `known_parent`) when the file has that column (`item.parent` is not UNSET); and the stored
    record of the row's code (None for a new one)."""
    values = dict(item.values)
    if item.parent is not UNSET:
        values["parent"] = known_parent(model, item.parent, item.row, expected)
    return values, stored_record(model, item.code)


def stored_record(model: type[Model], code: str) -> Any:
    """The stored `model` record of `code`; None for none (or no code: a new record)."""
    return model._default_manager.filter(code=code).first() if code else None


@dataclass
class CodedRow:
    """A parsed row of a kind keyed by its code: the reader, the code, the values by field."""

    row: RowReader
    code: str
    values: dict[str, Any] = field(default_factory=dict)


def finished(
    r: RowReader, item: T, values: dict[str, Any], *, new_needs: str = "", expected: Any = ""
) -> T | None:
    """The parsed row `item`, or None when it cannot be written: a problem was reported, a value
    could not be read (MISSING), or, for a new record (no code), `new_needs` is empty (reported
    as a problem with `expected`, a lazy translation: translated only then)."""
    if r.failed or any(value is MISSING for value in values.values()):
        return None
    if new_needs and not getattr(item, "code", None) and not values.get(new_needs):
        r.problem(new_needs, "", str(expected))
        return None
    return item


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
        self._found: dict[str, Organization] = {}
        self._slugs: dict[str, str] = {}
        self.cache: dict[str, Any] = {}
        #: The language labels are read in (asked once: it costs a lookup each time).
        self.language = get_language()

    @property
    def by(self) -> dict[str, Any]:
        """Who writes and why: the `actor` and `reason` of every service call of the import."""
        return {"actor": self.actor, "reason": self.reason}

    @property
    def lookups(self) -> dict[str, Any]:
        """The import's `resolver` and `fx` table, which the registry's services accept."""
        return {"resolver": self.resolver, "fx": self.fx}

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
        found = self._found.get(name)
        if found is None:
            found = self.orgs.find(name)
        if found is not None:
            # Known names are looked up once: an import names the same investors again and again.
            self._found[name] = found
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
        for value in split_list(r.text(column)):
            slug = self._slugs.get(value)
            if slug is None:
                slug = self._slugs[value] = slugify(value)
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
