"""Projects as IATI 2.03 activities (XML), valid against the IATI activity schema.

Stage → `activity-status` (projects.models.IATI_STATUS); investors → participating-org (funding),
responsible body → participating-org (implementing), curator → accountable; regions → location;
sectors → sector (vocabulary 99: Keruen's own codes); total investment → budget; sources with an
address → document-link. Only what the audience may see is written.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from django.conf import settings

from keruen.projects.models import IATI_STATUS, Stage
from keruen.reports.exports.rows import Publication, hidden_columns, stamp

VERSION = "2.03"
#: IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
#: IATI OrganisationType: 10 government, 70 private sector, 15 other public sector.
ORG_TYPES = {
    "company": "70",
    "bank": "70",
    "fund": "70",
    "ministry": "10",
    "agency": "10",
    "akimat": "10",
    "state_body": "10",
    "other": "90",
}


def _prefix() -> str:
    return getattr(settings, "KERUEN_IATI_PREFIX", "XI-KERUEN")


class _Xml:
    def __init__(self, out: IO[str]) -> None:
        self.g = XMLGenerator(
            out,  # type: ignore[arg-type]
            encoding="utf-8",
            short_empty_elements=True,
        )
        self.out = out
        self.depth = 0

    def open(self, name: str, **attrs: Any) -> None:
        self.g.ignorableWhitespace("\n" + " " * self.depth)
        names = {
            k.replace("_", "-").replace("xml-", "xml:"): str(v)
            for k, v in attrs.items()
            if v is not None
        }
        self.g.startElement(name, AttributesImpl(names))
        self.depth += 1

    def close(self, name: str, inline: bool = False) -> None:
        self.depth -= 1
        if not inline:
            self.g.ignorableWhitespace("\n" + " " * self.depth)
        self.g.endElement(name)

    def leaf(self, name: str, text: str | None = None, **attrs: Any) -> None:
        self.open(name, **attrs)
        if text is not None:
            self.g.characters(text)
        self.close(name, inline=True)

    def narratives(self, name: str, texts: list[tuple[str, str]], **attrs: Any) -> None:
        self.open(name, **attrs)
        for lang, text in texts:
            if text:
                if lang == "en":
                    self.leaf("narrative", text)
                else:
                    self.leaf("narrative", text, xml_lang=lang)
        self.close(name)


def _org_type(org: Any) -> str:
    return ORG_TYPES.get(org.kind, "90")


def _activity(x: _Xml, p: Any, hidden: set[str]) -> None:
    x.open(
        "iati-activity",
        last_updated_datetime=stamp(p.updated_at),
        xml_lang="en",
        default_currency=p.total_investment_currency_id or "USD",
    )
    x.leaf("iati-identifier", f"{_prefix()}-{p.code}")
    x.open("reporting-org", ref=_prefix(), type="10")
    x.leaf("narrative", "Keruen")
    x.close("reporting-org")
    x.narratives("title", [("en", p.title), ("ru", p.title_ru), ("kk", p.title_kk)])
    x.narratives("description", [("en", p.description or p.title)], type="1")
    participants = 0
    for inv in sorted(p.investors.all(), key=lambda i: (i.organization.code, i.role)):
        org = inv.organization
        x.open("participating-org", role=FUNDING, type=_org_type(org), ref=None)
        x.leaf("narrative", org.name)
        x.close("participating-org")
        participants += 1
    if p.curator and "curator" not in hidden:
        x.open("participating-org", role=ACCOUNTABLE, type=_org_type(p.curator))
        x.leaf("narrative", p.curator.name)
        x.close("participating-org")
        participants += 1
    if p.responsible_body and "responsible_body" not in hidden:
        x.open("participating-org", role=IMPLEMENTING, type=_org_type(p.responsible_body))
        x.leaf("narrative", p.responsible_body.name)
        x.close("participating-org")
        participants += 1
    if not participants:
        x.open("participating-org", role=ACCOUNTABLE, type="10")
        x.leaf("narrative", "Government of the Republic of Kazakhstan")
        x.close("participating-org")
    x.leaf("activity-status", code=IATI_STATUS.get(Stage(p.stage), "1"))
    start = p.start_on or p.total_investment_date or p.created_at.date()
    x.leaf("activity-date", type="1", iso_date=start.isoformat())
    if p.end_on:
        x.leaf("activity-date", type="3", iso_date=p.end_on.isoformat())
    x.leaf("recipient-country", code="KZ", percentage="100")
    for r in sorted(p.regions.all(), key=lambda r: r.code):
        x.open("location", ref=r.code)
        x.narratives("name", [("en", r.name), ("ru", r.name_ru), ("kk", r.name_kk)])
        x.leaf("administrative", vocabulary="G1", level="1", code=r.code)
        x.close("location")
    sectors = sorted(p.sectors.all(), key=lambda s: s.code)
    for s in sectors:
        pct = None
        x.open("sector", vocabulary="99", code=s.code, percentage=pct)
        x.leaf("narrative", s.name)
        x.close("sector")
    if p.total_investment_amount is not None and p.total_investment_currency_id:
        on = p.total_investment_date or start
        end = p.end_on if p.end_on and p.end_on > start else start + dt.timedelta(days=364)
        x.open("budget", type="1", status="1")
        x.leaf("period-start", iso_date=start.isoformat())
        x.leaf("period-end", iso_date=end.isoformat())
        x.leaf(
            "value",
            f"{p.total_investment_amount:f}",
            currency=p.total_investment_currency_id,
            value_date=on.isoformat(),
        )
        x.close("budget")
    for src in sorted(p.sources.all(), key=lambda s: s.code):
        if not src.url:
            continue
        x.open("document-link", url=src.url, format="text/html")
        x.narratives("title", [("en", src.title)])
        x.leaf("category", code="A01")
        if src.published_on:
            x.leaf("document-date", iso_date=src.published_on.isoformat())
        x.close("document-link")
    if p.parent_id:
        x.leaf("related-activity", ref=f"{_prefix()}-{p.parent.code}", type="1")
    x.close("iati-activity")


def write_iati(published: Publication, out: IO[str]) -> int:
    out.write('<?xml version="1.0" encoding="utf-8"?>')
    x = _Xml(out)
    x.open("iati-activities", version=VERSION, generated_datetime=published.latest)
    hidden = hidden_columns("projects", published.audience)
    n = 0
    for p in published.projects:
        _activity(x, p, hidden)
        n += 1
    x.close("iati-activities")
    out.write("\n")
    return n
