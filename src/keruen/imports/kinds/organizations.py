"""Organizations: codes, names in three languages, aliases in any script, identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.imports.base import MISSING, Outcome, RowReader
from keruen.imports.formats import split_list
from keruen.imports.kinds.common import (
    UNSET,
    CodedRow,
    ImportContext,
    PlainColumns,
    differing,
    finished,
    pending_parent,
    with_parent,
)
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier
from keruen.parties.services import (
    organization_alias_add,
    organization_create,
    organization_identifier_add,
    organization_update,
)

COLUMNS = [
    "code",
    "name",
    "name_ru",
    "name_kk",
    "kind",
    "country",
    "region",
    "parent",
    "website",
    "aliases",
    "identifiers",
    "is_illustrative",
]
KEY = "code"
#: What a new row (without a code) must have.
NEW_NEEDS = gettext_lazy("a name for a new organization")
CONFIDENTIAL_COLUMNS = {"identifiers"}
PLAIN = PlainColumns(
    text=("name", "name_ru", "name_kk", "website"),
    required={"name": gettext_lazy("a name (this column cannot be empty)")},
    bools={"is_illustrative": False},
    choices={"kind": (Organization.Kind, Organization.Kind.OTHER)},
    references={"country": "country", "region": "region"},
)


@dataclass
class OrganizationRow(CodedRow):
    aliases: list[tuple[str, str]] | None = None
    identifiers: list[tuple[str, str]] | None = None
    parent: Any = UNSET


def _pairs(r: RowReader, column: str, choices: Any, default: str | None) -> Any:
    out = []
    for value in split_list(r.text(column)):
        prefix, sep, rest = value.partition(":")
        if sep and prefix.strip() in choices.values and rest.strip():
            out.append((prefix.strip(), rest.strip()))
        elif default is not None:
            out.append((default, value))
        else:
            r.problem(
                column,
                value,
                _("scheme:value, the scheme one of %(s)s") % {"s": ", ".join(choices.values)},
            )
            return MISSING
    return out


def parse(
    r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]
) -> OrganizationRow | None:
    item = OrganizationRow(row=r, code=r.text("code"))
    v = item.values = PLAIN.read(r, ctx, multipliers)
    if r.has("parent"):
        item.parent = r.text("parent") or None
    if r.has("aliases"):
        item.aliases = [
            (alias, script)
            for script, alias in _pairs(r, "aliases", OrganizationAlias.Script, "other") or []
        ]
    if r.has("identifiers"):
        ids = _pairs(r, "identifiers", OrganizationIdentifier.Scheme, None)
        item.identifiers = ids if ids is not MISSING else None
    return finished(r, item, v, new_needs="name", expected=NEW_NEEDS)


parent_pending = pending_parent(Organization)


def apply(item: OrganizationRow, ctx: ImportContext) -> tuple[Outcome, str]:
    values, existing = with_parent(Organization, item, _("the code of a known organization"))
    if existing is None:
        name = values.pop("name", "")
        kind = values.pop("kind", Organization.Kind.OTHER)
        org = organization_create(
            **ctx.by,
            code=item.code or None,
            name=name,
            kind=kind,
            aliases=item.aliases,
            identifiers=item.identifiers,
            **values,
        )
        ctx.orgs.add(org)
        return "created", org.code
    changes = differing(existing, values)
    if changes:
        organization_update(**ctx.by, organization=existing, **changes)
    by: dict[str, Any] = {**ctx.by, "organization": existing}
    known_aliases = set(existing.aliases.values_list("alias", flat=True))
    new_aliases = [(a, s) for a, s in item.aliases or [] if a not in known_aliases]
    for alias, script in new_aliases:
        organization_alias_add(**by, alias=alias, script=script)
    known_ids = set(existing.identifiers.values_list("scheme", "value"))
    new_ids = [(s, v) for s, v in item.identifiers or [] if (s, v.strip().upper()) not in known_ids]
    for scheme, value in new_ids:
        organization_identifier_add(**by, scheme=scheme, value=value)
    changed = bool(changes or new_aliases or new_ids)
    return ("updated" if changed else "unchanged"), existing.code
