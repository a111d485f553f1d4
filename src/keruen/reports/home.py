"""Each role's home at `/`: their own work first.

- a regional editor: their region(s) — the scorecard's figures, stalled projects, initiatives,
  open charges (instructions) in the region;
- an agency officer: the projects their organization curates or is responsible for, and the
  instructions it leads or co-executes;
- coordinators and analysts: the national dashboard (`reports.views`), coordinators with the
  review queue's count above it.

Every figure comes from the selector that owns it (the region scorecard, `stalled_q`,
`instruction_list`), so the home and the pages it links to agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from keruen.accounts.models import Role
from keruen.accounts.selectors import Scope, user_scope
from keruen.ingest.models import Fact
from keruen.ingest.selectors import fact_list
from keruen.instructions.models import Instruction
from keruen.instructions.selectors import InstructionFilters, instruction_list
from keruen.projects.models import Project
from keruen.projects.selectors import project_list, stalled_q
from keruen.regions.scorecard import RegionScorecard, region_scorecards
from keruen.regions.selectors import InitiativeFilters, initiative_list
from keruen.reports.dashboard import DEFAULT_STALLED_MONTHS

ROWS = 10


@dataclass
class RegionHome:
    card: RegionScorecard
    stalled: list[Project]
    initiatives: list[Any]
    charges: list[Instruction]
    charges_open: int


@dataclass
class Home:
    role: str
    regions: list[RegionHome] = field(default_factory=list)
    curated: list[Project] = field(default_factory=list)
    curated_count: int = 0
    charges: list[Instruction] = field(default_factory=list)
    charges_open: int = 0


def _open(qs: QuerySet[Instruction]) -> QuerySet[Instruction]:
    return qs.exclude(status=Instruction.Status.CLOSED).order_by("deadline", "number")


def _region_home(user: Any, card: RegionScorecard) -> RegionHome:
    projects = project_list(user=user).filter(regions__code=card.code)
    charges = _open(instruction_list(user=user, filters=InstructionFilters(region=card.code)))
    return RegionHome(
        card=card,
        stalled=list(
            projects.filter(stalled_q(DEFAULT_STALLED_MONTHS)).order_by("stage_since")[:ROWS]
        ),
        initiatives=list(
            initiative_list(user=user, filters=InitiativeFilters(region=card.code))[:ROWS]
        ),
        charges=list(charges[:ROWS]),
        charges_open=charges.count(),
    )


def home_for(user: Any) -> Home | None:
    """The role's own home; None for those whose home is the national dashboard."""
    scope: Scope = user_scope(user)
    if scope.role == Role.REGIONAL_EDITOR and scope.regions:
        cards = [c for c in region_scorecards(user=user) if c.code in scope.regions]
        return Home(role=scope.role, regions=[_region_home(user, c) for c in cards])
    if scope.role == Role.AGENCY_OFFICER and scope.organization_id:
        org = scope.organization_id
        curated = project_list(user=user).filter(Q(curator_id=org) | Q(responsible_body_id=org))
        charges = _open(
            instruction_list(user=user, filters=InstructionFilters(executor=scope.organization))
        )
        return Home(
            role=scope.role,
            curated=list(curated.order_by("code")[:ROWS]),
            curated_count=curated.count(),
            charges=list(charges[:ROWS]),
            charges_open=charges.count(),
        )
    return None


def review_waiting(user: Any) -> int | None:
    """Facts waiting for review, for those who review (coordinators); None for the others."""
    if not user_scope(user).is_coordinator or not getattr(user, "is_authenticated", False):
        return None
    return fact_list(user=user, status=Fact.Status.PROPOSED).count()
