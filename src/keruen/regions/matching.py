"""Matching an initiative with investors and events: a transparent score, reason by reason.

Investors are ranked from the registry (organizations that invest in visible projects, and
companies from the partner countries the region seeks). Each earns points for:

- sector: 30 for investing in a project in the initiative's sectors (a sector or its
  children), +5 for each further such project, at most 45 in all;
- country: 25 for coming from a partner country the region seeks;
- region: 20 for projects in the initiative's own region, or 10 for projects elsewhere in the
  same macro-region (`MACRO_REGIONS`);
- record: 2 for each of its projects under construction or operating, at most 10 (only for
  organizations that earned points above).

Upcoming events (forums, business councils, state visits from today on) earn points for:

- country: 30 for being held in a partner country sought;
- region: 20 for being held in the initiative's region, or 10 in the same macro-region;
- participants: 10 for each ranked candidate investor taking part, at most 30;
- kind: 10 for a forum or business council (made for deals), 5 for a state visit;
- soon: 10 within 90 days, 5 within 180 days (kind and soon only for events that earned points
  above).

An investor or event with no points is not a candidate. Ties are broken by code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from keruen.agreements.models import Event
from keruen.parties.models import Organization
from keruen.projects.models import Project, ProjectInvestor, Stage
from keruen.projects.selectors import project_list
from keruen.reference.models import Sector
from keruen.regions.models import Initiative

#: The five macro-regions Kazakhstan's regions are usually grouped in; "similar regions" are
#: those of the same macro-region.
MACRO_REGIONS: dict[str, tuple[str, ...]] = {
    "north": ("KZ-11", "KZ-39", "KZ-55", "KZ-59", "KZ-71"),
    "central": ("KZ-35", "KZ-62"),
    "east": ("KZ-10", "KZ-63"),
    "south": ("KZ-19", "KZ-31", "KZ-33", "KZ-43", "KZ-61", "KZ-75", "KZ-79"),
    "west": ("KZ-15", "KZ-23", "KZ-27", "KZ-47"),
}
MACRO_OF = {code: macro for macro, codes in MACRO_REGIONS.items() for code in codes}


@dataclass(frozen=True)
class Scale:
    """The points of a reason that counts things: `first` for the first, `more` for each further
    one, at most `most` (`first` when not given)."""

    first: int
    more: int = 0
    most: int | None = None

    def points(self, n: int) -> int:
        return min(self.most or self.first, self.first + self.more * (n - 1))


SECTOR = Scale(30, 5, 45)
COUNTRY_POINTS = 25
REGION, MACRO = Scale(20), Scale(10)
RECORD = Scale(2, 2, 10)
EVENT_COUNTRY, EVENT_REGION, EVENT_MACRO = 30, 20, 10
EVENT_PARTICIPANT = Scale(10, 10, 30)
EVENT_KIND: dict[str, int] = {
    Event.Kind.FORUM: 10,
    Event.Kind.BUSINESS_COUNCIL: 10,
    Event.Kind.STATE_VISIT: 5,
}
EVENT_SOON, EVENT_LATER = 10, 5
INVESTOR_KINDS = (
    Organization.Kind.COMPANY,
    Organization.Kind.BANK,
    Organization.Kind.FUND,
    Organization.Kind.OTHER,
)


@dataclass(frozen=True)
class Reason:
    code: str  # sector, country, region, record, participants, kind, soon
    points: int
    text: str

    def to_json_dict(self) -> dict[str, Any]:
        return {"code": self.code, "points": self.points, "text": self.text}


@dataclass(kw_only=True)
class Candidate:
    """A ranked suggestion for an initiative: its score and the reasons that make it up."""

    score: int = 0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, code: str, points: int, text: str) -> None:
        """A reason worth `points` (none when it is worth nothing)."""
        if points > 0:
            self.score += points
            self.reasons.append(Reason(code, points, text))

    def add_partner_country(
        self, country: Any, countries: dict[str, str], points: int, text: str
    ) -> None:
        """A reason when `country` is one the region seeks (`countries`: code → name), `text`
        naming it as %(country)s."""
        if country and country.code in countries:
            self.add("country", points, text % {"country": countries[country.code]})

    def add_count(self, code: str, n: int, scale: Scale, text: Any, **names: str) -> None:
        """A reason counting `n` things (none for none): `text` is a plural message
        (`ngettext_lazy(..., "n")`) with the count as %(n)d and `names` filled in."""
        if n:
            self.add(code, scale.points(n), text % {"n": n, **names})

    def identity(self) -> dict[str, Any]:
        """Who or what is suggested, as the API shows it."""
        raise NotImplementedError

    def to_json_dict(self) -> dict[str, Any]:
        return {
            **self.identity(),
            "score": self.score,
            "reasons": [r.to_json_dict() for r in self.reasons],
        }


@dataclass
class InvestorCandidate(Candidate):
    organization: Organization

    def identity(self) -> dict[str, Any]:
        o = self.organization
        return {
            "organization": o.code,
            "name": o.localized_name(),
            "country": o.country.code if o.country else None,
        }


@dataclass
class EventCandidate(Candidate):
    event: Event

    def identity(self) -> dict[str, Any]:
        e = self.event
        return {"event": e.slug, "title": e.localized_title(), "starts_on": e.starts_on.isoformat()}


@dataclass
class Candidates:
    initiative: str
    investors: list[InvestorCandidate]
    events: list[EventCandidate]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "initiative": self.initiative,
            "investors": [c.to_json_dict() for c in self.investors],
            "events": [c.to_json_dict() for c in self.events],
        }


def sector_family(sectors: list[Sector]) -> set[int]:
    """The sectors themselves and their children (by id): a manufacturing initiative matches a
    food-processing project, a food-processing initiative does not match a car plant."""
    ids = {s.pk for s in sectors}
    ids |= set(
        Sector.objects.filter(parent_id__in=[s.pk for s in sectors]).values_list("pk", flat=True)
    )
    return ids


def _investors(
    initiative: Initiative, user: Any, family: set[int], countries: dict[str, str]
) -> list[InvestorCandidate]:
    region = initiative.region.code
    macro = MACRO_OF.get(region)
    visible = project_list(user=user).values("pk")
    rows = (
        ProjectInvestor.objects.filter(project__in=visible, organization__kind__in=INVESTOR_KINDS)
        .values_list("organization_id", "project_id", "project__stage")
        .distinct()
    )
    projects_of: dict[int, dict[int, str]] = defaultdict(dict)
    for org_id, project_id, stage in rows:
        projects_of[org_id][project_id] = stage
    all_projects = {p for ps in projects_of.values() for p in ps}

    sectors_of: dict[int, set[int]] = defaultdict(set)
    regions_of: dict[int, set[str]] = defaultdict(set)
    through_s = Project.sectors.through.objects.filter(project_id__in=all_projects)
    for pid, sid in through_s.values_list("project_id", "sector_id"):
        sectors_of[pid].add(sid)
    through_r = Project.regions.through.objects.filter(project_id__in=all_projects)
    for pid, code in through_r.values_list("project_id", "region__code"):
        regions_of[pid].add(code)

    orgs = Organization.objects.filter(kind__in=INVESTOR_KINDS).select_related("country")
    pool = orgs.filter(pk__in=list(projects_of))
    if countries:
        pool = pool | orgs.filter(country__code__in=list(countries))
    sector_names = ", ".join(s.localized_name() for s in initiative.sectors.all())
    region_name = initiative.region.localized_name()
    out = []
    for org in pool.distinct():
        c = InvestorCandidate(org)
        projects = projects_of.get(org.pk, {})
        in_sector = [p for p in projects if sectors_of[p] & family]
        c.add_count(
            "sector",
            len(in_sector),
            SECTOR,
            ngettext_lazy(
                "Invests in %(n)d project in the initiative's sectors (%(sectors)s)",
                "Invests in %(n)d projects in the initiative's sectors (%(sectors)s)",
                "n",
            ),
            sectors=sector_names,
        )
        c.add_partner_country(
            org.country,
            countries,
            COUNTRY_POINTS,
            _("From %(country)s, a partner country the region seeks"),
        )
        here = [p for p in projects if region in regions_of[p]]
        near = [
            p for p in projects if macro and any(MACRO_OF.get(r) == macro for r in regions_of[p])
        ]
        if here:
            c.add_count(
                "region",
                len(here),
                REGION,
                ngettext_lazy(
                    "Already invests in %(region)s (%(n)d project)",
                    "Already invests in %(region)s (%(n)d projects)",
                    "n",
                ),
                region=region_name,
            )
        else:
            c.add_count(
                "region",
                len(near),
                MACRO,
                ngettext_lazy(
                    "Invests in a neighbouring region of the same macro-region (%(n)d project)",
                    "Invests in neighbouring regions of the same macro-region (%(n)d projects)",
                    "n",
                ),
            )
        if not c.reasons:
            continue  # nothing links it to this initiative: not a candidate
        advanced = [p for p, s in projects.items() if s in (Stage.CONSTRUCTION, Stage.OPERATING)]
        c.add_count(
            "record",
            len(advanced),
            RECORD,
            ngettext_lazy(
                "%(n)d project under construction or operating",
                "%(n)d projects under construction or operating",
                "n",
            ),
        )
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.organization.code))
    return out


def _events(
    initiative: Initiative,
    today: dt.date,
    countries: dict[str, str],
    investors: list[InvestorCandidate],
) -> list[EventCandidate]:
    region = initiative.region.code
    macro = MACRO_OF.get(region)
    ranked = {c.organization.pk: c.organization for c in investors}
    events = (
        Event.objects.filter(starts_on__gte=today, kind__in=list(EVENT_KIND))
        .select_related("region", "country")
        .prefetch_related("participants")
    )
    out = []
    for e in events:
        c = EventCandidate(e)
        c.add_partner_country(
            e.country, countries, EVENT_COUNTRY, _("Held in %(country)s, a partner country sought")
        )
        if e.region and e.region.code == region:
            c.add(
                "region",
                EVENT_REGION,
                _("Held in the initiative's region (%(region)s)")
                % {"region": e.region.localized_name()},
            )
        elif e.region and macro and MACRO_OF.get(e.region.code) == macro:
            c.add(
                "region",
                EVENT_MACRO,
                _("Held in a neighbouring region (%(region)s)")
                % {"region": e.region.localized_name()},
            )
        taking_part = [o for o in e.participants.all() if o.pk in ranked]
        c.add_count(
            "participants",
            len(taking_part),
            EVENT_PARTICIPANT,
            ngettext_lazy(
                "%(n)d candidate investor takes part (%(names)s)",
                "%(n)d candidate investors take part (%(names)s)",
                "n",
            ),
            names=", ".join(sorted(o.localized_name() for o in taking_part)),
        )
        if not c.reasons:
            continue  # nothing ties it to this initiative
        c.add(
            "kind",
            EVENT_KIND.get(e.kind, 0),
            _("A %(kind)s, made for meeting investors") % {"kind": e.get_kind_display()},
        )
        days = (e.starts_on - today).days
        if days <= 90:
            c.add("soon", EVENT_SOON, _("Soon: in %(n)d days") % {"n": days})
        elif days <= 180:
            c.add("soon", EVENT_LATER, _("In %(n)d days") % {"n": days})
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.event.starts_on, c.event.slug))
    return out


def initiative_candidates(
    *, user: Any, initiative: Initiative, today: dt.date | None = None, limit: int = 10
) -> Candidates:
    """Investors and upcoming events for `initiative`, best first, each with its reasons."""
    today = today or timezone.localdate()
    family = sector_family(list(initiative.sectors.all()))
    countries = {c.code: c.localized_name() for c in initiative.partner_countries.all()}
    investors = _investors(initiative, user, family, countries)
    events = _events(initiative, today, countries, investors[:limit])
    return Candidates(initiative.code, investors[:limit], events[:limit])
