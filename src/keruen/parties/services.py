"""Writes of organizations, their aliases and identifiers."""

from __future__ import annotations

import re
import unicodedata
from typing import Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from keruen.core.history import apply_changes, delete_with_history, save_with_history
from keruen.core.models import editable_fields
from keruen.core.services import create_with_history, free_value
from keruen.core.types import Actor
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier
from keruen.reference.models import Country, Region

LEGAL_FORMS = re.compile(
    r"\b(co\.?,?\s*ltd\.?|ltd\.?|llc|llp|jsc|pjsc|gmbh|inc\.?|corp\.?|plc|a\.ş\.|a\.s\.|"
    r"ао|тоо|ооо|пао|ао нк|group|company|co\.?)\b",
    re.IGNORECASE,
)


def normalize_name(name: str) -> str:
    """A form for matching spellings: case, quotes, legal forms and punctuation dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    text = re.sub(r"[«»\"“”„'’`]", " ", text)
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _validate_identifier(scheme: str, value: str) -> None:
    if scheme == OrganizationIdentifier.Scheme.KZ_BIN and not re.fullmatch(r"\d{12}", value):
        raise ValidationError(
            {"identifiers": _("A BIN is 12 digits; got %(value)r.") % {"value": value}}
        )
    if scheme == OrganizationIdentifier.Scheme.CN_USCC and not re.fullmatch(
        r"[0-9A-HJ-NPQRTUWXY]{18}", value
    ):
        raise ValidationError(
            {
                "identifiers": _(
                    "A unified social credit code is 18 characters (digits and capital letters "
                    "other "
                    "than I, O, S, V, Z); got %(value)r."
                )
                % {"value": value}
            }
        )


def organization_code_for(name: str) -> str:
    base = slugify(name)[:60] or "org"
    return free_value(Organization, "code", base)


class OrganizationFields(TypedDict, total=False):
    name: Required[str]
    kind: Required[str]
    name_ru: str
    name_kk: str
    country: Country | None
    region: Region | None
    parent: Organization | None
    website: str
    is_illustrative: bool


@transaction.atomic
def organization_create(
    *,
    actor: Actor,
    reason: str,
    code: str | None = None,
    aliases: list[tuple[str, str]] | None = None,
    identifiers: list[tuple[str, str]] | None = None,
    **fields: Unpack[OrganizationFields],
) -> Organization:
    """Create an organization with aliases [(alias, script)] and identifiers [(scheme, value)]."""
    code = code or organization_code_for(fields["name"])
    org = create_with_history(Organization, {**fields, "code": code}, actor=actor, reason=reason)
    for alias, script in aliases or []:
        organization_alias_add(
            actor=actor, reason=reason, organization=org, alias=alias, script=script
        )
    for scheme, value in identifiers or []:
        organization_identifier_add(
            actor=actor, reason=reason, organization=org, scheme=scheme, value=value
        )
    return org


#: Fields an update may change (the code stays).
ORGANIZATION_FIELDS = editable_fields(Organization, exclude={"code"})[0]


@transaction.atomic
def organization_update(
    *, actor: Actor, reason: str, organization: Organization, **changes: object
) -> Organization:
    unknown = set(changes) - ORGANIZATION_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if apply_changes(organization, changes):
        if changes.get("parent") is not None and changes["parent"] == organization:
            raise ValidationError({"parent": _("An organization cannot be its own parent.")})
        save_with_history(organization, actor=actor, reason=reason)
    return organization


def organization_alias_add(
    *, actor: Actor, reason: str, organization: Organization, alias: str, script: str
) -> OrganizationAlias:
    existing = organization.aliases.filter(alias=alias).first()
    if existing:
        return existing
    obj = OrganizationAlias(
        organization=organization, alias=alias, script=script, normalized=normalize_name(alias)
    )
    save_with_history(obj, actor=actor, reason=reason)
    return obj


def organization_identifier_add(
    *, actor: Actor, reason: str, organization: Organization, scheme: str, value: str
) -> OrganizationIdentifier:
    value = value.strip().upper()
    _validate_identifier(scheme, value)
    clash = OrganizationIdentifier.objects.filter(scheme=scheme, value=value).first()
    if clash and clash.organization_id != organization.pk:
        raise ValidationError(
            {
                "identifiers": _("%(value)s already identifies %(org)s.")
                % {"value": value, "org": clash.organization}
            }
        )
    if clash:
        return clash
    obj = OrganizationIdentifier(organization=organization, scheme=scheme, value=value)
    save_with_history(obj, actor=actor, reason=reason)
    return obj


_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_PINYIN_MARKS = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", re.IGNORECASE)


def alias_script(alias: str) -> str:
    """The script an alias is written in, as `OrganizationAlias.Script` names it."""
    S = OrganizationAlias.Script
    if _HANZI.search(alias):
        return S.HANZI
    if _CYRILLIC.search(alias):
        return S.CYRILLIC
    if _PINYIN_MARKS.search(alias):
        return S.PINYIN
    if alias.isupper() and " " not in alias and len(alias) <= 8:
        return S.ABBREVIATION
    return S.LATIN if re.search(r"[A-Za-z]", alias) else S.OTHER


@transaction.atomic
def organization_names_set(
    *,
    actor: Actor,
    reason: str,
    organization: Organization,
    aliases: list[str] | None = None,
    identifiers: dict[str, str] | None = None,
) -> bool:
    """Make the aliases exactly `aliases` (script detected) and, per scheme in `identifiers`,
    the identifier that value ("" removes it). Returns whether anything changed."""
    changed = False
    if aliases is not None:
        wanted = list(dict.fromkeys(a.strip() for a in aliases if a.strip()))
        for existing in list(organization.aliases.all()):
            if existing.alias not in wanted:
                delete_with_history(existing, actor=actor, reason=reason)
                changed = True
        have = set(organization.aliases.values_list("alias", flat=True))
        for alias in wanted:
            if alias not in have:
                organization_alias_add(
                    actor=actor,
                    reason=reason,
                    organization=organization,
                    alias=alias,
                    script=alias_script(alias),
                )
                changed = True
    for scheme, value in (identifiers or {}).items():
        value = value.strip().upper()
        for ident in list(organization.identifiers.filter(scheme=scheme)):
            if ident.value != value:
                delete_with_history(ident, actor=actor, reason=reason)
                changed = True
        if value and not organization.identifiers.filter(scheme=scheme, value=value).exists():
            organization_identifier_add(
                actor=actor, reason=reason, organization=organization, scheme=scheme, value=value
            )
            changed = True
    return changed
