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
    # An akimat or regional body belongs to its region; an officer's own organization is theirs.
    "parties.organization": ScopeRule(("region__code",), ("id",)),
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


# --- Ingest (keruen.ingest) ----------------------------------------------------------------------
# Documents and the facts proposed from them are review material: signed-in users see them, the
# public does not; coordinators, regional editors and agency officers review them.
INSIDERS_ONLY: frozenset[str] = frozenset({"ingest.document", "ingest.fact"})


def _restrict_insiders_only(qs: QuerySet, scope: Scope, action: str) -> QuerySet:
    if not scope.authenticated:
        return qs.none()
    if action == VIEW or scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        return qs
    return qs.none()


# --- end of ingest -------------------------------------------------------------------------------


def restrict_queryset(qs: QuerySet, user: Any, action: str = VIEW) -> QuerySet:
    scope = user_scope(user)
    if scope.is_coordinator:
        return qs
    if qs.model._meta.label_lower in INSIDERS_ONLY:
        return _restrict_insiders_only(qs, scope, action)
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
    if action == DELETE:
        # Deleting is for coordinators: editors and officers change, they do not remove.
        return qs.none()
    if scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        own = _in_scope(qs, scope)
        return _distinct(qs, own) if own is not None else qs.none()
    return qs.none()


def can(user: Any, action: str, obj: Any) -> bool:
    """Whether `user` may `action` this one object."""
    return restrict_queryset(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


# --- Field-level confidentiality ---------------------------------------------------------------
# Some fields are shown only to those who may see restricted records of the object: coordinators
# and administrators always, regional editors and agency officers for the objects in their scope.
# Some more are hidden from the public. The API, web pages, exports and PDFs all ask `redact` (or
# `hidden_fields`) so that a field hidden in one place is hidden in all. A dotted name hides a key
# inside each item of a nested list ("investors.identifiers").

RESTRICTED_FIELDS: dict[str, frozenset[str]] = {
    "projects.project": frozenset(
        {"negotiation_notes", "investors.identifiers", "parties.identifiers"}
    ),
    "agreements.agreement": frozenset({"parties.identifiers"}),
    "parties.organization": frozenset({"identifiers"}),
}
#: Hidden from the public (anonymous) in addition to the restricted fields.
INTERNAL_FIELDS: dict[str, frozenset[str]] = {
    "projects.project": frozenset({"curator", "responsible_body", "stage_since"}),
    "agreements.agreement": frozenset({"parties.role"}),
}


def _label(model: Any) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def hidden_fields(user: Any, model: Any, *, in_scope: bool = False) -> frozenset[str]:
    """The fields of `model` (a model, instance or "app.model" label) `user` may not see.

    `in_scope`: the object is one of the editor's or officer's own (see `restricted_visible`).
    """
    label = _label(model)
    scope = user_scope(user)
    if scope.is_coordinator:
        return frozenset()
    hidden = set(RESTRICTED_FIELDS.get(label, ()))
    if not scope.authenticated:
        hidden |= INTERNAL_FIELDS.get(label, frozenset())
    elif in_scope and scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        hidden -= RESTRICTED_FIELDS.get(label, frozenset())
    return frozenset(hidden)


def visible_fields(user: Any, model: Any, fields: Any, *, in_scope: bool = False) -> list[str]:
    """`fields` (names, in order) less those `user` may not see."""
    hidden = hidden_fields(user, model, in_scope=in_scope)
    return [f for f in fields if f not in hidden]


def restricted_visible(user: Any, model: Any, pks: Any) -> set[Any]:
    """Of the objects `pks`, those whose restricted fields `user` may see (one query at most)."""
    scope = user_scope(user)
    pks = list(pks)
    if scope.is_coordinator:
        return set(pks)
    if scope.role not in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER) or not pks:
        return set()
    from django.apps import apps

    model_cls: Any = apps.get_model(_label(model))
    qs = model_cls._default_manager.filter(pk__in=pks)
    own = _in_scope(qs, scope)
    if own is None:
        return set()
    return set(_distinct(qs, own).values_list("pk", flat=True))


def redact(
    user: Any, model: Any, data: dict[str, Any], *, in_scope: bool = False
) -> dict[str, Any]:
    """`data` (one object as a dict) without the fields `user` may not see."""
    hidden = hidden_fields(user, model, in_scope=in_scope)
    if not hidden:
        return data
    out = {k: v for k, v in data.items() if k not in hidden}
    for name in hidden:
        head, _dot, tail = name.partition(".")
        if tail and isinstance(out.get(head), list):
            out[head] = [
                {k: v for k, v in item.items() if k != tail} if isinstance(item, dict) else item
                for item in out[head]
            ]
    return out


def may_write(user: Any) -> bool:
    """Whether the user's role writes at all (coordinators, admins, editors, officers)."""
    scope = user_scope(user)
    return scope.is_coordinator or scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER)


# --- end of field-level confidentiality ----------------------------------------------------------
