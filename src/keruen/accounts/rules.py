"""The words an app's `apps.py` states its models' access rules in (`KeruenAppConfig.access_rules`);
`keruen.accounts.policy` applies them. Nothing here touches a model, so `apps.py` may import it
before the models are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

VIEW, CHANGE, DELETE, REPORT = "view", "change", "delete", "report"
#: Who may take a step of a workflow (an initiative's moves, say): a region's editors (and
#: coordinators), or coordinators only.
EDITOR, COORDINATOR = "editor", "coordinator"


class Access(StrEnum):
    #: The registry's records: read by confidentiality, changed by editors and officers in their
    #: scope, deleted by coordinators.
    RECORDS = "records"
    #: Internal charges (instructions), whatever a row's confidentiality: the public sees none,
    #: analysts see all, editors and officers see and take `own_actions` on their own rows only;
    #: coordinators do everything else.
    OWN_ROWS = "own rows"
    #: Review material (ingested documents and facts): signed-in users see it; coordinators,
    #: editors and officers review it; the public sees nothing.
    INSIDERS = "insiders"


@dataclass(frozen=True)
class AccessRule:
    """How a model is read and changed, and how its rows belong to regions and organizations."""

    access: Access = Access.RECORDS
    region_lookups: tuple[str, ...] = ()  # e.g. ("regions__code",) → Region.code
    organization_lookups: tuple[str, ...] = ()  # e.g. ("curator_id",) → Organization.pk
    own_actions: frozenset[str] = frozenset()  # Access.OWN_ROWS: what editors do on their rows

    @classmethod
    def own_rows(
        cls,
        actions: set[str],
        *,
        regions: tuple[str, ...] = (),
        organizations: tuple[str, ...] = (),
    ) -> AccessRule:
        """`Access.OWN_ROWS`: editors and officers take `actions` on the rows of their
        `regions` and organization (`organizations`) only."""
        return cls(Access.OWN_ROWS, regions, organizations, frozenset(actions))
