"""Agreements: kind, status, parties with roles, value, the event and the projects they became."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.services import PartyInput, agreement_create, agreement_update
from keruen.core.models import Confidentiality
from keruen.imports.amounts import parse_amount
from keruen.imports.base import MISSING, Outcome, RowReader, SkipRow
from keruen.imports.formats import CellError, parse_bool, parse_date, split_list
from keruen.imports.kinds.common import ImportContext, differing
from keruen.projects.models import Project

COLUMNS = [
    "code",
    "title",
    "title_ru",
    "title_kk",
    "kind",
    "status",
    "signed_on",
    "event",
    "region",
    "sector",
    "counterparty_country",
    "value_amount",
    "value_currency",
    "value_date",
    "parties",
    "party_roles",
    "projects",
    "portfolios",
    "confidentiality",
    "description",
    "is_illustrative",
]
KEY = "code"
CENT = Decimal("0.01")


@dataclass
class AgreementRow:
    row: RowReader
    code: str
    values: dict[str, Any] = field(default_factory=dict)
    parties: list[PartyInput] | None = None


def _parties(r: RowReader, ctx: ImportContext) -> list[PartyInput] | None:
    names = split_list(r.text("parties"))
    roles = split_list(r.text("party_roles")) if r.text("party_roles") else [""] * len(names)
    if len(roles) != len(names):
        r.problem(
            "party_roles",
            r.text("party_roles"),
            _("%(n)d values separated by ';', one per party") % {"n": len(names)},
        )
        return None
    out = []
    for name, role_raw in zip(names, roles, strict=True):
        role = (role_raw or AgreementParty.Role.SIGNATORY).casefold()
        if role not in AgreementParty.Role.values:
            r.problem(
                "party_roles",
                role_raw,
                _("one of %(v)s") % {"v": ", ".join(AgreementParty.Role.values)},
            )
            return None
        org = ctx.organization(r, "parties", name)
        if org is MISSING:
            return None
        out.append(PartyInput(org, role))
    return out


def parse(r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]) -> AgreementRow | None:
    item = AgreementRow(row=r, code=r.text("code"))
    v = item.values
    for col in ("title", "title_ru", "title_kk", "description"):
        if r.has(col):
            v[col] = r.text(col)
    if r.has("title") and not v["title"]:
        r.problem("title", "", _("a title (this column cannot be empty)"))
    if r.has("kind"):
        v["kind"] = r.choice("kind", Agreement.Kind, empty=Agreement.Kind.COMMERCIAL)
    if r.has("status"):
        v["status"] = r.choice("status", Agreement.Status, empty=Agreement.Status.SIGNED)
    if r.has("confidentiality"):
        v["confidentiality"] = r.choice(
            "confidentiality", Confidentiality, empty=Confidentiality.PUBLIC
        )
    for col in ("signed_on", "value_date"):
        if r.has(col):
            v[col] = r.parse(col, parse_date)
    if r.has("is_illustrative"):
        v["is_illustrative"] = r.parse("is_illustrative", parse_bool, empty=False)
    if r.has("region"):
        v["region"] = ctx.one(r, "region", ctx.resolver.region)
    if r.has("sector"):
        v["sector"] = ctx.one(r, "sector", ctx.resolver.sector)
    if r.has("counterparty_country"):
        v["counterparty_country"] = ctx.one(r, "counterparty_country", ctx.resolver.country)
    if r.has("value_amount"):
        raw = r.text("value_amount")
        v["value_amount"] = None
        if raw:
            try:
                amount = parse_amount(raw, multiplier=multipliers.get("value_amount"))
            except CellError as e:
                r.problem("value_amount", raw, e.expected)
            else:
                v["value_amount"] = amount.value.quantize(CENT)
                if amount.currency and not r.text("value_currency"):
                    v["value_currency"] = ctx.resolver.currency(amount.currency)
    if r.has("value_currency") and r.text("value_currency"):
        v["value_currency"] = ctx.one(r, "value_currency", ctx.resolver.currency)
    elif r.has("value_currency") and "value_currency" not in v:
        v["value_currency"] = None
    if r.has("event"):
        slug = r.text("event")
        v["event"] = Event.objects.filter(slug=slug).first() if slug else None
        if slug and v["event"] is None:
            r.problem("event", slug, _("the code (slug) of a known event"))
    if r.has("projects"):
        codes = split_list(r.text("projects"))
        found = {p.code: p for p in Project.objects.filter(code__in=codes)}
        for c in codes:
            if c not in found:
                r.problem("projects", c, _("the code of a known project"))
        v["projects"] = [found[c] for c in codes if c in found]
    if r.has("portfolios"):
        v["portfolios"] = ctx.portfolios(r)
    if r.has("parties"):
        item.parties = _parties(r, ctx)
    if r.failed or any(value is MISSING for value in v.values()):
        return None
    return item


def apply(item: AgreementRow, ctx: ImportContext) -> tuple[Outcome, str]:
    values = dict(item.values)
    existing = Agreement.objects.filter(code=item.code).first() if item.code else None
    if existing is None:
        if not values.get("title"):
            item.row.problem("title", "", _("a title for a new agreement"))
            raise SkipRow
        agreement = agreement_create(
            actor=ctx.actor,
            reason=ctx.reason,
            code=item.code or None,
            title=values.pop("title"),
            kind=values.pop("kind", Agreement.Kind.COMMERCIAL),
            parties=item.parties or (),
            resolver=ctx.resolver,
            fx=ctx.fx,
            **values,
        )
        return "created", agreement.code
    changes = differing(existing, values)
    _agreement, changed = agreement_update(
        actor=ctx.actor,
        reason=ctx.reason,
        agreement=existing,
        parties=item.parties,
        resolver=ctx.resolver,
        fx=ctx.fx,
        **changes,
    )
    return ("updated" if changed else "unchanged"), existing.code
