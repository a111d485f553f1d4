"""Writes of initiatives: create, update, and the moves of the status flow — the one way to change
them.

Who may do what (roles of `keruen.accounts`; "editors" are the region's regional editors):

- create → draft: editors, coordinators
- update: editors while draft; coordinators until the initiative is final
- submit, draft → submitted: editors, coordinators
- return, submitted → draft: coordinators (review: back for rework)
- present, submitted → presented: coordinators; needs the event
- match, presented → matched: coordinators; needs the investor
- convert, matched → became_project: coordinators; needs the project
- withdraw → withdrawn: editors from draft or submitted; coordinators from any open status
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.accounts.policy import COORDINATOR, EDITOR, may_as
from keruen.agreements.models import Event
from keruen.core.history import apply_changes, save_with_history
from keruen.core.models import editable_fields
from keruen.core.money import FxTable, derive_usd
from keruen.core.types import Actor
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.models import Country, Region, Sector
from keruen.reference.selectors import Resolver
from keruen.regions.models import Initiative, InitiativeStatus

S = InitiativeStatus
CODE_PREFIX = "INI-"

#: Statuses after which nothing moves any more.
FINAL = frozenset({S.BECAME_PROJECT, S.WITHDRAWN})
#: Organizations that can be an initiative's investor (not state bodies).
INVESTOR_KINDS = frozenset(
    {Organization.Kind.COMPANY, Organization.Kind.BANK, Organization.Kind.FUND, "other"}
)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    target: str
    #: Who may make the move, by the status it is made from: "editor" (the region's editors, and
    #: coordinators) or "coordinator" (coordinators only).
    who: dict[str, str]

    @property
    def sources(self) -> frozenset[str]:
        """The statuses the move is made from."""
        return frozenset(self.who)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("submit", gettext_lazy("Submit"), S.SUBMITTED, {S.DRAFT: EDITOR}),
        Transition(
            "return", gettext_lazy("Return for rework"), S.DRAFT, {S.SUBMITTED: COORDINATOR}
        ),
        Transition(
            "present", gettext_lazy("Record presentation"), S.PRESENTED, {S.SUBMITTED: COORDINATOR}
        ),
        Transition(
            "match", gettext_lazy("Record investor match"), S.MATCHED, {S.PRESENTED: COORDINATOR}
        ),
        Transition(
            "convert",
            gettext_lazy("Record the project it became"),
            S.BECAME_PROJECT,
            {S.MATCHED: COORDINATOR},
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw"),
            S.WITHDRAWN,
            {
                S.DRAFT: EDITOR,
                S.SUBMITTED: EDITOR,
                S.PRESENTED: COORDINATOR,
                S.MATCHED: COORDINATOR,
            },
        ),
    ]
}

#: Fields a caller may set directly (status moves only through `initiative_transition`).
INITIATIVE_FIELDS, INITIATIVE_RELATIONS = editable_fields(
    Initiative,
    exclude={"code", "region", "status", "status_since", "event", "investor", "project"},
)


# --- who may ---------------------------------------------------------------------------------


# The moves and their `who` are the workflow's; whether an actor is that `who` is the policy's.


def may_create(actor: Actor, region_code: str) -> bool:
    return may_as(actor, EDITOR, region_code)


def may_update(actor: Actor, initiative: Initiative) -> bool:
    """A draft by its region's editors; later only by coordinators; never once it is final."""
    if initiative.status in FINAL:
        return False
    who = EDITOR if initiative.status == S.DRAFT else COORDINATOR
    return may_as(actor, who, initiative.region.code)


def may_transition(actor: Actor, initiative: Initiative, action: str) -> bool:
    t = TRANSITIONS.get(action)
    if t is None or initiative.status not in t.sources:
        return False
    return may_as(actor, t.who[initiative.status], initiative.region.code)


def allowed_actions(actor: Actor, initiative: Initiative) -> list[str]:
    """The moves `actor` may make on `initiative` now, in the order of the flow."""
    return [a for a in TRANSITIONS if may_transition(actor, initiative, a)]


# --- helpers ---------------------------------------------------------------------------------


def initiative_next_code() -> str:
    """The next free code of the form INI-000001."""
    last = Initiative.objects.filter(code__regex=r"^INI-[0-9]{6}$").aggregate(m=Max("code"))["m"]
    n = int(last[len(CODE_PREFIX) :]) + 1 if last else 1
    return f"{CODE_PREFIX}{n:06d}"


def _split(values: dict[str, Any], resolver: Resolver) -> tuple[dict[str, Any], dict[str, Any]]:
    if "status" in values:
        raise ValidationError(
            {
                "status": _("The status changes only through a move (%(actions)s), never directly.")
                % {"actions": ", ".join(TRANSITIONS)}
            }
        )
    unknown = set(values) - INITIATIVE_FIELDS - INITIATIVE_RELATIONS
    if unknown:
        raise ValidationError(
            {f: _("Unknown initiative field %(field)r.") % {"field": f} for f in sorted(unknown)}
        )
    fields = resolver.money_currencies(
        Initiative, {k: v for k, v in values.items() if k in INITIATIVE_FIELDS}
    )
    rels: dict[str, Any] = {}
    if "sectors" in values:
        rels["sectors"] = [
            s if isinstance(s, Sector) else resolver.sector(s) for s in values["sectors"]
        ]
    if "partner_countries" in values:
        rels["partner_countries"] = [
            c if isinstance(c, Country) else resolver.country(c, field="partner_countries")
            for c in values["partner_countries"]
        ]
    if "sources" in values:
        rels["sources"] = list(values["sources"])
    return fields, rels


# --- writes ----------------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: Actor,
    reason: str,
    title: str,
    region: Region | str,
    code: str | None = None,
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **values: Any,
) -> Initiative:
    """Create a draft initiative of `region` (a Region or its code/name). `values` are the fields
    of INITIATIVE_FIELDS and the relations `sectors` (codes or names), `partner_countries` (ISO
    codes or names) and `sources` (Source records)."""
    resolver = resolver or Resolver()
    if not isinstance(region, Region):
        region = resolver.region(region, field="region")
    if not may_create(actor, region.code):
        raise PermissionDenied(
            _("Only the editors of %(region)s and coordinators may create its initiatives.")
            % {"region": region.localized_name()}
        )
    if not (title or "").strip():
        raise ValidationError({"title": _("An initiative needs a title (in English).")})
    fields, rels = _split(values, resolver)
    initiative = Initiative(
        code=code or initiative_next_code(),
        title=title,
        region=region,
        status=S.DRAFT,
        status_since=timezone.localdate(),
        **fields,
    )
    derive_usd(initiative, fx)
    save_with_history(initiative, actor=actor, reason=reason, m2m=rels)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: Actor,
    reason: str,
    initiative: Initiative,
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **changes: Any,
) -> tuple[Initiative, bool]:
    """Change an initiative's fields; returns it and whether anything changed."""
    if not may_update(actor, initiative):
        if initiative.status in FINAL:
            raise ValidationError(
                {
                    "status": _("A %(status)s initiative can no longer be changed.")
                    % {"status": initiative.get_status_display()}
                }
            )
        raise PermissionDenied(
            _(
                "Only coordinators may change a %(status)s initiative; the region's editors "
                "change drafts."
            )
            % {"status": initiative.get_status_display()}
        )
    fields, rels = _split(changes, resolver or Resolver())
    changed = apply_changes(initiative, fields, rels)
    if changed:
        derive_usd(initiative, fx)
        save_with_history(initiative, actor=actor, reason=reason, m2m=rels)
    return initiative, bool(changed)


def _refuse(initiative: Initiative, t: Transition) -> ValidationError:
    allowed = ", ".join(str(S(s).label) for s in S if s in t.sources)
    return ValidationError(
        {
            "status": _(
                "Cannot %(action)s initiative %(code)s: it is %(status)s, and only %(allowed)s "
                "initiatives can move to %(target)s."
            )
            % {
                "action": t.action,
                "code": initiative.code,
                "status": initiative.get_status_display(),
                "allowed": allowed,
                "target": S(t.target).label,
            }
        },
        code="illegal_transition",
    )


@transaction.atomic
def initiative_transition(
    *,
    actor: Actor,
    reason: str,
    initiative: Initiative,
    action: str,
    event: Event | None = None,
    investor: Organization | None = None,
    project: Project | None = None,
    on: dt.date | None = None,
) -> Initiative:
    """Move `initiative` by `action` (see TRANSITIONS). `present` needs the `event`, `match` the
    `investor`, `convert` the `project`; `on` is the day of the move (default today)."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError(
            {
                "action": _("Unknown move %(action)r: expected one of %(actions)s.")
                % {"action": action, "actions": ", ".join(TRANSITIONS)}
            }
        )
    # Lock the row, then read it afresh: two moves at once cannot both start from one status.
    list(Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("pk"))
    initiative.refresh_from_db()
    if initiative.status not in t.sources:
        raise _refuse(initiative, t)
    if not may_transition(actor, initiative, action):
        who = t.who[initiative.status]
        raise PermissionDenied(
            _("Only coordinators may %(action)s an initiative.") % {"action": t.action}
            if who == COORDINATOR
            else _(
                "Only the editors of %(region)s and coordinators may %(action)s its initiatives."
            )
            % {"region": initiative.region.localized_name(), "action": t.action}
        )
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The day of the move cannot be in the future.")})
    changes: dict[str, Any] = {"status": t.target, "status_since": on}
    if action == "present":
        if event is None:
            raise ValidationError(
                {"event": _("Name the event where the initiative was presented.")}
            )
        if event.starts_on > today:
            raise ValidationError(
                {
                    "event": _(
                        "The event %(event)s starts on %(date)s: record the presentation once "
                        "it has happened."
                    )
                    % {"event": event.slug, "date": event.starts_on.isoformat()}
                }
            )
        changes["event"] = event
    if action == "match":
        if investor is None:
            raise ValidationError({"investor": _("Name the investor the initiative matched.")})
        if investor.kind not in INVESTOR_KINDS:
            raise ValidationError(
                {
                    "investor": _(
                        "%(org)s is a %(kind)s: expected a company, bank or fund as investor."
                    )
                    % {"org": investor.code, "kind": investor.get_kind_display()}
                }
            )
        changes["investor"] = investor
    if action == "convert":
        if project is None:
            raise ValidationError({"project": _("Name the project the initiative became.")})
        if not project.regions.filter(pk=initiative.region_id).exists():
            raise ValidationError(
                {
                    "project": _(
                        "Project %(project)s is not in %(region)s, the initiative's region."
                    )
                    % {"project": project.code, "region": initiative.region.localized_name()}
                }
            )
        taken = Initiative.objects.filter(project=project).exclude(pk=initiative.pk).first()
        if taken is not None:
            raise ValidationError(
                {
                    "project": _("Project %(project)s is already the outcome of %(other)s.")
                    % {"project": project.code, "other": taken.code}
                }
            )
        changes["project"] = project
    apply_changes(initiative, changes)
    save_with_history(initiative, actor=actor, reason=reason)
    return initiative
