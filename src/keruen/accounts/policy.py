"""Who may see and change what: the single place the access rules live.

`restrict_queryset(qs, user, action)` narrows any queryset of a model with a
`RestrictedQuerySet`. The rules, by role:

- public (anonymous): views public records only; changes nothing.
- analyst: views public and internal records, never restricted ones; changes nothing.
- regional editor: views as an analyst plus restricted records of their regions; changes records
  of their regions.
- agency officer: views as an analyst plus restricted records of their organization; changes
  records of their organization.
- coordinator, admin, Keruen itself (`None`): everything.

Which rows are "of a region" or "of an organization" is declared per model in `SCOPES`, so
each app registers its own models (`register_scope`) and the rules stay here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from keruen.accounts.models import Role
from keruen.accounts.selectors import Scope, user_scope
from keruen.core.models import Confidentiality

VIEW, CHANGE, DELETE, REPORT = "view", "change", "delete", "report"


@dataclass(frozen=True)
class ScopeRule:
    """How rows of a model belong to regions and organizations (ORM lookups)."""

    region_lookups: tuple[str, ...] = ()  # e.g. ("regions__code",) → Region.code
    organization_lookups: tuple[str, ...] = ()  # e.g. ("curator_id",) → Organization.pk


SCOPES: dict[str, ScopeRule] = {
    "projects.project": ScopeRule(("regions__code",), ("curator_id", "responsible_body_id")),
    "agreements.agreement": ScopeRule(("region__code",), ("parties__organization_id",)),
    "agreements.event": ScopeRule(("region__code",), ()),
}


def register_scope(label: str, rule: ScopeRule) -> None:
    SCOPES[label] = rule


def _in_scope(qs: QuerySet, scope: Scope) -> Q | None:
    """Rows belonging to the scope's regions or organization; None when the model has no rule."""
    rule = SCOPES.get(qs.model._meta.label_lower)
    if rule is None:
        return None
    q = Q(pk__in=[])
    if scope.role == Role.REGIONAL_EDITOR and scope.regions:
        for lookup in rule.region_lookups:
            q |= Q(**{f"{lookup}__in": sorted(scope.regions)})
    if scope.role == Role.AGENCY_OFFICER and scope.organization_id:
        for lookup in rule.organization_lookups:
            q |= Q(**{lookup: scope.organization_id})
    return q


def _has_confidentiality(qs: QuerySet) -> bool:
    return any(f.name == "confidentiality" for f in qs.model._meta.fields)


def _distinct(qs: QuerySet, q: Q) -> QuerySet:
    """Filter by `q` (which may join many-valued relations) without repeating rows."""
    return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))


# --- Instructions (keruen.instructions) -------------------------------------------------------
# Instructions are internal charges, whatever a row says: the public sees none, analysts see all,
# regional editors and agency officers see only those given to their organization or region and
# may take on them only the actions listed (e.g. "report"); coordinators do everything else
# (create, extend, close). Which rows are "theirs" is the model's ScopeRule in SCOPES.

#: model label → the actions editors and officers may take on their own rows.
OWN_ROWS_ONLY: dict[str, frozenset[str]] = {
    "instructions.instruction": frozenset({VIEW, REPORT}),
}


def _restrict_own_rows_only(
    qs: QuerySet, scope: Scope, action: str, actions: frozenset[str]
) -> QuerySet:
    if action == VIEW and scope.role == Role.ANALYST:
        return qs
    if scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER) and action in actions:
        own = _in_scope(qs, scope)
        return _distinct(qs, own) if own is not None else qs.none()
    return qs.none()


# --- end of instructions ------------------------------------------------------------------------


def restrict_queryset(qs: QuerySet, user: Any, action: str = VIEW) -> QuerySet:
    scope = user_scope(user)
    if scope.is_coordinator:
        return qs
    own_only = OWN_ROWS_ONLY.get(qs.model._meta.label_lower)
    if own_only is not None:
        return _restrict_own_rows_only(qs, scope, action, own_only)
    if action == VIEW:
        if not scope.authenticated:
            return (
                qs.filter(confidentiality=Confidentiality.PUBLIC)
                if _has_confidentiality(qs)
                else qs
            )
        if not _has_confidentiality(qs):
            return qs
        open_rows = Q(confidentiality__in=[Confidentiality.PUBLIC, Confidentiality.INTERNAL])
        own = _in_scope(qs, scope)
        return _distinct(qs, open_rows | own) if own is not None else qs.filter(open_rows)
    if scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        own = _in_scope(qs, scope)
        return _distinct(qs, own) if own is not None else qs.none()
    return qs.none()


def can(user: Any, action: str, obj: Any) -> bool:
    """Whether `user` may `action` this one object."""
    return restrict_queryset(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()
