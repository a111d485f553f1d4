"""Organizations: codes, names in three languages, aliases in any script, identifiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from keruen.imports.base import MISSING, Outcome, RowReader, SkipRow
from keruen.imports.formats import parse_bool, split_list
from keruen.imports.kinds.common import ImportContext, differing
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
CONFIDENTIAL_COLUMNS = {"identifiers"}
UNSET = object()


@dataclass
class OrganizationRow:
    row: RowReader
    code: str
    values: dict[str, Any] = field(default_factory=dict)
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
    v = item.values
    for col in ("name", "name_ru", "name_kk", "website"):
        if r.has(col):
            v[col] = r.text(col)
    if r.has("name") and not v["name"]:
        r.problem("name", "", _("a name (this column cannot be empty)"))
    if r.has("kind"):
        v["kind"] = r.choice("kind", Organization.Kind, empty=Organization.Kind.OTHER)
    if r.has("country"):
        v["country"] = ctx.one(r, "country", ctx.resolver.country)
    if r.has("region"):
        v["region"] = ctx.one(r, "region", ctx.resolver.region)
    if r.has("is_illustrative"):
        v["is_illustrative"] = r.parse("is_illustrative", parse_bool, empty=False)
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
    if r.failed or any(value is MISSING for value in v.values()):
        return None
    if not item.code and not v.get("name"):
        r.problem("name", "", _("a name for a new organization"))
        return None
    return item


def parent_pending(item: OrganizationRow, ctx: ImportContext) -> bool:
    code = item.parent
    return isinstance(code, str) and not Organization.objects.filter(code=code).exists()


def apply(item: OrganizationRow, ctx: ImportContext) -> tuple[Outcome, str]:
    values = dict(item.values)
    if item.parent is not UNSET:
        parent = None
        if item.parent is not None:
            parent = Organization.objects.filter(code=item.parent).first()
            if parent is None:
                item.row.problem("parent", str(item.parent), _("the code of a known organization"))
                raise SkipRow
        values["parent"] = parent
    existing = Organization.objects.filter(code=item.code).first() if item.code else None
    if existing is None:
        name = values.pop("name", "")
        kind = values.pop("kind", Organization.Kind.OTHER)
        org = organization_create(
            actor=ctx.actor,
            reason=ctx.reason,
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
    changed = bool(changes)
    if changes:
        organization_update(actor=ctx.actor, reason=ctx.reason, organization=existing, **changes)
    known_aliases = set(existing.aliases.values_list("alias", flat=True))
    for alias, script in item.aliases or []:
        if alias not in known_aliases:
            organization_alias_add(
                actor=ctx.actor,
                reason=ctx.reason,
                organization=existing,
                alias=alias,
                script=script,
            )
            changed = True
    known_ids = set(existing.identifiers.values_list("scheme", "value"))
    for scheme, value in item.identifiers or []:
        if (scheme, value.strip().upper()) not in known_ids:
            organization_identifier_add(
                actor=ctx.actor,
                reason=ctx.reason,
                organization=existing,
                scheme=scheme,
                value=value,
            )
            changed = True
    return ("updated" if changed else "unchanged"), existing.code
