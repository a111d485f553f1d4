"""The regions' part of the demo: the initiatives regions put forward, and events to present them.

The Prime Minister's press release of 25 June 2025 says that Astana, Kyzylorda and Turkistan
"put forward their initiatives" in infrastructure, the agro-industrial complex and manufacturing,
and that Abai, East Kazakhstan and West Kazakhstan regions were told to speed up, find partners
and submit initiatives. That statement is cited (`ctx.press_release`); the individual initiatives
and the events below are invented and flagged illustrative. Nothing here sets a region's
lagging: the scorecard computes it from the portfolio.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from keruen.agreements.models import Event
from keruen.agreements.services import event_create
from keruen.core.demo_context import DemoContext, demo_records
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.models import Country, Region
from keruen.reference.selectors import Resolver
from keruen.regions.matching import initiative_candidates
from keruen.regions.services import initiative_create, initiative_transition

REASON = "Demo: initiatives regions put forward (25 June 2025 meeting)"
PUT_FORWARD = (
    "Astana, Kyzylorda and Turkistan put forward their initiatives in infrastructure, the "
    "agro-industrial complex and manufacturing (primeminister.kz, 25 June 2025). This initiative "
    "is illustrative: the release names none of them."
)
SPEED_UP = (
    "The meeting told Abai, East Kazakhstan and West Kazakhstan regions to speed up, find "
    "partners and submit initiatives (primeminister.kz, 25 June 2025). This initiative is "
    "illustrative."
)
MEETING = dt.date(2025, 6, 25)
#: The initiatives and the events (demo.toml).
DATA = demo_records(__name__)
INITIATIVES: list[dict[str, Any]] = DATA["initiatives"]
#: status → moves that reach it from a draft.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "withdrawn": ["submit", "withdraw"],
    "presented": ["submit", "present"],
    "matched": ["submit", "present", "match"],
    "became_project": ["submit", "present", "match", "convert"],
}


def _event(
    ctx: DemoContext,
    investors: list[Organization],
    country: str,
    participants: str,
    region: str | None = None,
    starts_on: dt.date | None = None,
    in_days: int = 0,
    **fields: Any,
) -> Event:
    """Create one illustrative event from its record (see demo.toml)."""
    on = min(starts_on, ctx.today) if starts_on else ctx.today + dt.timedelta(days=in_days)
    taking_part = slice(*(int(part) if part else None for part in participants.split(":")))
    return event_create(
        actor=None,
        reason=REASON,
        starts_on=on,
        region=Region.objects.get(code=region) if region else None,
        country=Country.objects.get(code=country),
        participants=investors[taking_part],
        description="Illustrative event, invented for the demo.",
        is_illustrative=True,
        sources=[ctx.demo_source],
        **fields,
    )


def _events(ctx: DemoContext) -> dict[str, Event]:
    """A past business council where initiatives were presented, and upcoming events."""
    investors = [o for code, o in sorted(ctx.organizations.items()) if code.startswith("cn-")]
    return {e["slug"]: _event(ctx, investors, **e) for e in DATA["events"]}


def _project_for(region: str, sectors: list[str]) -> Project | None:
    """A demo project of the region in one of the sectors, with a lead investor."""
    return (
        Project.objects.filter(
            regions__code=region, sectors__code__in=sectors, investors__isnull=False
        )
        .order_by("code")
        .first()
    )


def load(ctx: DemoContext) -> None:
    resolver = Resolver()
    events = _events(ctx)
    council = events["demo-kz-cn-business-council-2025"]
    cn = Country.objects.get(code="CN")
    investors = [o for code, o in sorted(ctx.organizations.items()) if code.startswith("cn-")]
    used: set[int] = set()
    counts: dict[str, int] = {}
    for n, record in enumerate(INITIATIVES):
        fields = dict(record)
        region, sectors, status = fields["region"], fields["sectors"], fields.pop("reaches")
        ini = initiative_create(
            actor=None,
            reason=REASON,
            resolver=resolver,
            partner_countries=[cn],
            description=PUT_FORWARD if region in ("KZ-71", "KZ-43", "KZ-61") else SPEED_UP,
            investment_amount=Decimal(fields.pop("usd_m")) * 1_000_000,
            investment_currency="USD",
            investment_date=MEETING,
            is_illustrative=True,
            sources=[ctx.press_release, ctx.demo_source],
            **fields,
        )
        project = _project_for(region, sectors) if status == "became_project" else None
        project = project if project is not None and project.pk not in used else None
        if status == "became_project" and project is None:
            status = "matched"  # no suitable demo project: stop one step short
        # The matching picks the investor: its best candidate, as a coordinator would.
        ranked = initiative_candidates(user=None, initiative=ini, today=ctx.today, limit=1)
        investor = (
            ranked.investors[0].organization if ranked.investors else investors[n % len(investors)]
        )
        if project is not None:
            used.add(project.pk)
            investor = project.investors.order_by("-share").first().organization  # type: ignore[union-attr]
        days = {
            "submit": MEETING,
            "present": council.starts_on,
            "match": min(council.starts_on + dt.timedelta(days=90), ctx.today),
            "convert": min(council.starts_on + dt.timedelta(days=200), ctx.today),
            "withdraw": min(council.starts_on + dt.timedelta(days=30), ctx.today),
        }
        for action in PATHS[status]:
            initiative_transition(
                actor=None,
                reason=REASON,
                initiative=ini,
                action=action,
                event=council if action == "present" else None,
                investor=investor if action == "match" else None,
                project=project if action == "convert" else None,
                on=days[action],
            )
        counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    ctx.say(
        f"Regions: {len(INITIATIVES)} illustrative initiatives ({summary}); "
        "`keruen regions scorecard` shows which regions lag and why."
    )
