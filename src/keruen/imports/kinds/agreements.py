"""Agreements: kind, status, parties with roles, value, the event and the projects they became."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.services import PartyInput, agreement_create, agreement_update
from keruen.core.models import TITLE_FIELDS, Confidentiality
from keruen.imports.base import MISSING, Outcome, RowReader, SkipRow
from keruen.imports.formats import split_list
from keruen.imports.kinds.common import (
    CodedRow,
    ImportContext,
    PlainColumns,
    differing,
    finished,
    stored_record,
)
from keruen.projects.models import Project

COLUMNS = [
    "code",
    *TITLE_FIELDS,
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
PLAIN = PlainColumns(
    text=("title", "title_ru", "title_kk", "description"),
    required={"title": gettext_lazy("a title (this column cannot be empty)")},
    dates=("signed_on",),
    bools={"is_illustrative": False},
    choices={
        "kind": (Agreement.Kind, Agreement.Kind.COMMERCIAL),
        "status": (Agreement.Status, Agreement.Status.SIGNED),
        "confidentiality": (Confidentiality, Confidentiality.PUBLIC),
    },
    references={"region": "region", "sector": "sector", "counterparty_country": "country"},
    money=("value",),
)


@dataclass
class AgreementRow(CodedRow):
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
    v = item.values = PLAIN.read(r, ctx, multipliers)
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
    return finished(r, item, v)


def apply(item: AgreementRow, ctx: ImportContext) -> tuple[Outcome, str]:
    values = dict(item.values)
    existing = stored_record(Agreement, item.code)
    if existing is None:
        if not values.get("title"):
            item.row.problem("title", "", _("a title for a new agreement"))
            raise SkipRow
        agreement = agreement_create(
            **ctx.by,
            code=item.code or None,
            title=values.pop("title"),
            kind=values.pop("kind", Agreement.Kind.COMMERCIAL),
            parties=item.parties or (),
            **ctx.lookups,
            **values,
        )
        return "created", agreement.code
    changes = differing(existing, values)
    _agreement, changed = agreement_update(
        **ctx.by, agreement=existing, parties=item.parties, **ctx.lookups, **changes
    )
    return ("updated" if changed else "unchanged"), existing.code
