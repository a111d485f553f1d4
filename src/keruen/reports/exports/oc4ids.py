"""Projects as an OC4IDS 0.9 project package (Open Contracting for Infrastructure Data Standard).

Stage → `status` (projects.models.OC4IDS_STATUS), investors and state bodies → `parties` with
roles, total investment → `budget.amount`, regions → `locations` (ISO 3166-2 gazetteer), sectors
→ `sector` (projectSector codelist, Keruen's own code as a subsector), milestones, and sources →
`documents`. Only what the audience may see is written.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO, Any

from django.conf import settings

from keruen.projects.models import OC4IDS_STATUS, Milestone, Stage
from keruen.reports.exports.rows import Audience, Publication, hidden_columns, stamp

VERSION = "0.9"
#: OC4IDS projectStatus codes (the 0.9.5 schema's enum).
STATUSES = {
    "identification",
    "preparation",
    "implementation",
    "completion",
    "maintenance",
    "decommissioning",
    "decommissioned",
    "cancelled",
}
#: Keruen sector (or its parent) → OC4IDS projectSector.
SECTORS = {
    "energy": "energy",
    "renewables": "energy",
    "transport": "transport",
    "logistics": "transport",
    "ict": "communications",
    "digital": "communications",
    "water": "waterAndWaste",
    "mining": "naturalResources",
    "health": "health",
    "education": "education",
}
MILESTONE_TYPES = {
    Milestone.Kind.AGREEMENT: "approval",
    Milestone.Kind.LAND: "assessment",
    Milestone.Kind.DESIGN: "approval",
    Milestone.Kind.FINANCING: "financing",
    Milestone.Kind.CONSTRUCTION_START: "delivery",
    Milestone.Kind.COMMISSIONING: "delivery",
    Milestone.Kind.OTHER: "reporting",
}
PARTY_ROLES = {
    "lead": "funder",
    "co_investor": "funder",
    "lender": "funder",
    "operator": "administrativeEntity",
    "contractor": "supplier",
}


def status(stage: str) -> str:
    """OC4IDS projectStatus of a stage (projects.models.OC4IDS_STATUS, codelist values)."""
    return OC4IDS_STATUS[Stage(stage)]


def _datetime(day: dt.date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00Z" if day else None


def _sectors(p: Any) -> list[str]:
    out: list[str] = []
    for s in sorted(p.sectors.all(), key=lambda s: s.code):
        base = SECTORS.get(s.code) or SECTORS.get(s.parent.code if s.parent else "", "economy")
        for code in (base, f"{base}.{s.code}"):
            if code not in out:
                out.append(code)
    return out


def project_item(p: Any, audience: Audience) -> dict[str, Any]:
    parties: dict[str, dict[str, Any]] = {}

    def party(org: Any, role: str) -> dict[str, str]:
        entry = parties.setdefault(org.code, {"id": org.code, "name": org.name, "roles": []})
        if org.country_id and "address" not in entry:
            entry["address"] = {"countryName": org.country.name}
        if role not in entry["roles"]:
            entry["roles"].append(role)
        return {"id": org.code, "name": org.name}

    item: dict[str, Any] = {
        "id": p.code,
        "updated": stamp(p.updated_at),
        "language": "en",
        "title": p.title,
        "status": status(p.stage),
    }
    if p.description:
        item["description"] = p.description
    if p.total_investment_amount is not None and p.total_investment_currency_id:
        item["budget"] = {
            "amount": {
                "amount": float(p.total_investment_amount),
                "currency": p.total_investment_currency_id,
            }
        }
    period = {
        k: v
        for k, v in (("startDate", _datetime(p.start_on)), ("endDate", _datetime(p.end_on)))
        if v
    }
    if period:
        item["period"] = period
    regions = sorted(p.regions.all(), key=lambda r: r.code)
    if regions:
        item["locations"] = [
            {
                "id": r.code,
                "description": r.name,
                "gazetteer": {"scheme": "ISO3166-2", "identifiers": [r.code]},
                "address": {"region": r.name, "countryName": "Kazakhstan"},
            }
            for r in regions
        ]
    sectors = _sectors(p)
    if sectors:
        item["sector"] = sectors
    hidden = hidden_columns("projects", audience)
    if p.responsible_body and "responsible_body" not in hidden:
        item["publicAuthority"] = party(p.responsible_body, "publicAuthority")
    if p.curator and "curator" not in hidden:
        party(p.curator, "administrativeEntity")
    for inv in sorted(p.investors.all(), key=lambda i: (i.organization.code, i.role)):
        party(inv.organization, PARTY_ROLES.get(inv.role, "funder"))
    if parties:
        item["parties"] = [parties[k] for k in sorted(parties)]
    milestones = []
    for m in p.milestones.all():
        entry: dict[str, Any] = {
            "id": str(m.pk),
            "title": m.title or m.get_kind_display(),
            "type": MILESTONE_TYPES.get(m.kind, "reporting"),
            "status": "met" if m.actual_on else "scheduled",
        }
        if m.planned_on:
            entry["dueDate"] = _datetime(m.planned_on)
        if m.actual_on:
            entry["dateMet"] = _datetime(m.actual_on)
        milestones.append(entry)
    if milestones:
        item["milestones"] = milestones
    documents = []
    for s in sorted(p.sources.all(), key=lambda s: s.code):
        doc: dict[str, Any] = {"id": s.code, "title": s.title, "documentType": "projectScope"}
        if s.url:
            doc["url"] = s.url
        if s.published_on:
            doc["datePublished"] = _datetime(s.published_on)
        if s.publisher:
            doc["author"] = s.publisher
        documents.append(doc)
    if documents:
        item["documents"] = documents
    if p.parent_id:
        item["relatedProjects"] = [
            {
                "id": p.parent.code,
                "title": p.parent.title,
                "scheme": "oc4ids",
                "identifier": p.parent.code,
            }
        ]
    return item


def write_oc4ids(published: Publication, out: IO[str]) -> int:
    base = getattr(settings, "KERUEN_PUBLIC_URL", "https://keruen.kz").rstrip("/")
    scope = (("portfolio", published.portfolio), ("region", published.region))
    query = "&".join(f"{k}={v}" for k, v in scope if v)
    head = {
        "uri": f"{base}/api/v1/projects.oc4ids.json" + (f"?{query}" if query else ""),
        "publisher": {"name": "Keruen"},
        "publishedDate": published.latest,
        "version": VERSION,
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "projects": [')
    n = 0
    for p in published.projects:
        item = project_item(p, published.audience)
        out.write(("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        n += 1
    out.write("\n ]\n}\n")
    return n
