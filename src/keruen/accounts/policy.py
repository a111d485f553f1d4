"""Who may see and change what: the single place the access rules live.

`restrict_queryset(qs, user, action)` narrows any queryset of a model with a
`RestrictedQuerySet` (the accounts app installs it as core's policy when Django starts). The
rules, by role:

- public (anonymous): views public records only; changes nothing.
- analyst: views public and internal records, never restricted ones; changes nothing.
- regional editor: views as an analyst plus restricted records of their regions; changes records
  of their regions.
- agency officer: views as an analyst plus restricted records of their organization; changes
  records of their organization.
- coordinator, admin, Keruen itself (`None`): everything.

Each app says in its `apps.py` which of these rules each of its models follows and which rows
are "of a region" or "of an organization" (`access_rules`, `access_parts`); the rules stay here. A
model with a `RestrictedQuerySet` and no registered rule is refused, never let through.
Where the checks are made (selectors, services, views) is written in docs/roles.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from keruen.accounts.models import Role
from keruen.accounts.rules import CHANGE as CHANGE  # the words of the rules, read from here too
from keruen.accounts.rules import COORDINATOR as COORDINATOR
from keruen.accounts.rules import DELETE, EDITOR, VIEW, Access, AccessRule
from keruen.accounts.rules import REPORT as REPORT
from keruen.accounts.selectors import Scope, user_scope
from keruen.core.appconfig import declared
from keruen.core.models import Confidentiality

#: model label ("app.model") → its rule; each app's `access_rules`, read by `collect`.
RULES: dict[str, AccessRule] = {}
#: model label → the label of the record it is part of (read and changed through that record);
#: each app's `access_parts`.
PARTS: dict[str, str] = {}


def collect() -> None:
    """Read what every app states in its `apps.py` (`KeruenAppConfig.access_rules`,
    `access_parts`); the accounts app does it when Django starts."""
    RULES.update(declared("access_rules"))
    PARTS.update(declared("access_parts"))


def rule_for(model: Any) -> AccessRule:
    label = _label(model)
    rule = RULES.get(label)
    if rule is None:
        raise ImproperlyConfigured(
            f"No access rule for {label}: state one in its app's apps.py (access_rules)."
        )
    return rule


def _in_scope(qs: QuerySet, scope: Scope) -> Q:
    """Rows belonging to the scope's regions or organization."""
    rule = rule_for(qs.model)
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


def _restrict_own_rows(qs: QuerySet, scope: Scope, action: str, rule: AccessRule) -> QuerySet:
    if action == VIEW and scope.role == Role.ANALYST:
        return qs
    if scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER) and action in rule.own_actions:
        return _distinct(qs, _in_scope(qs, scope))
    return qs.none()


def _restrict_insiders(qs: QuerySet, scope: Scope, action: str) -> QuerySet:
    if not scope.authenticated:
        return qs.none()
    if action == VIEW or scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        return qs
    return qs.none()


def _restrict_records(qs: QuerySet, scope: Scope, action: str) -> QuerySet:
    if action == VIEW:
        if not _has_confidentiality(qs):
            return qs
        if not scope.authenticated:
            return qs.filter(confidentiality=Confidentiality.PUBLIC)
        open_rows = Q(confidentiality__in=[Confidentiality.PUBLIC, Confidentiality.INTERNAL])
        return _distinct(qs, open_rows | _in_scope(qs, scope))
    if action == DELETE:
        # Deleting is for coordinators: editors and officers change, they do not remove.
        return qs.none()
    if scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        return _distinct(qs, _in_scope(qs, scope))
    return qs.none()


def restrict_queryset(qs: QuerySet, user: Any, action: str = VIEW) -> QuerySet:
    rule = rule_for(qs.model)
    scope = user_scope(user)
    if scope.is_coordinator:
        return qs
    if rule.access == Access.INSIDERS:
        return _restrict_insiders(qs, scope, action)
    if rule.access == Access.OWN_ROWS:
        return _restrict_own_rows(qs, scope, action, rule)
    return _restrict_records(qs, scope, action)


def is_coordinator(user: Any) -> bool:
    """Coordinators, administrators and Keruen itself (`None`)."""
    return user_scope(user).is_coordinator


def may_as(user: Any, who: str, region_code: str) -> bool:
    """Whether `user` may take a workflow step that `who` (EDITOR or COORDINATOR) may take on
    something of region `region_code`."""
    scope = user_scope(user)
    if scope.is_coordinator:
        return True
    return who == EDITOR and scope.role == Role.REGIONAL_EDITOR and region_code in scope.regions


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
    "projects.project": frozenset(
        {"curator", "responsible_body", "stage_since", "inferred_status"}
    ),
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
    return set(_distinct(qs, _in_scope(qs, scope)).values_list("pk", flat=True))


def restricted_visible_expression(user: Any, model: Any) -> Exists | Value:
    """`restricted_visible` as an annotation on a queryset of `model`: true for the rows whose
    restricted fields `user` may see (a constant, or one EXISTS per row), so a page needs no
    query of its own for it."""
    scope = user_scope(user)
    if scope.is_coordinator:
        return Value(True, output_field=BooleanField())
    if scope.role not in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER):
        return Value(False, output_field=BooleanField())
    from django.apps import apps

    model_cls: Any = apps.get_model(_label(model))
    qs = model_cls._default_manager.all()
    return Exists(qs.filter(_in_scope(qs, scope), pk=OuterRef("pk")))


def redactor(
    user: Any, model: Any, *, in_scope: bool = False
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """`redact` for many objects alike (a page of a list): the fields `user` may not see are
    worked out once, then each object (a dict) is cut down to the rest."""
    hidden = hidden_fields(user, model, in_scope=in_scope)
    nested = [(head, tail) for head, _dot, tail in (n.partition(".") for n in hidden) if tail]

    def apply(data: dict[str, Any]) -> dict[str, Any]:
        if not hidden:
            return data
        out = {k: v for k, v in data.items() if k not in hidden}
        for head, tail in nested:
            if isinstance(out.get(head), list):
                out[head] = [
                    {k: v for k, v in item.items() if k != tail} if isinstance(item, dict) else item
                    for item in out[head]
                ]
        return out

    return apply


def redact(
    user: Any, model: Any, data: dict[str, Any], *, in_scope: bool = False
) -> dict[str, Any]:
    """`data` (one object as a dict) without the fields `user` may not see."""
    return redactor(user, model, in_scope=in_scope)(data)


def redacted_rows(
    user: Any,
    model: Any,
    rows: dict[Any, dict[str, Any]],
    order: Iterable[Any],
    fill: Callable[[Any, dict[str, Any]], None],
) -> list[dict[str, Any]]:
    """The rows (by pk) in `order`, skipping pks `rows` lacks, each completed by `fill(pk, row)`
    and then `redact`ed for `user` (in scope where `restricted_visible` says so): the API's
    payloads of a list of records."""
    scoped = restricted_visible(user, model, rows)
    out = []
    for pk in order:
        row = rows.get(pk)
        if row is None:
            continue
        fill(pk, row)
        out.append(redact(user, model, row, in_scope=pk in scoped))
    return out


def may_write(user: Any) -> bool:
    """Whether the user's role writes at all (coordinators, admins, editors, officers)."""
    scope = user_scope(user)
    return scope.is_coordinator or scope.role in (Role.REGIONAL_EDITOR, Role.AGENCY_OFFICER)


# --- end of field-level confidentiality ----------------------------------------------------------
