"""Helpers for API writes: the object a user may change, and the reason recorded in history.

obj = object_for(Instruction.objects.filter(code=code), user, "change")
    # 404 when the user may not even see it, 403 when they see it but may not change it
reason = change_reason(request, body.reason, default="Changed through the API")
    # the X-Keruen-Reason header, else the body's `reason`, else the default
parent = known(projects, "parent", code, _("Unknown project %(value)r."))
    # the record a code in the body names (among `projects`), or a 400 on that field
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from keruen.accounts.policy import may_write
from keruen.accounts.selectors import user_scope

MAX_REASON = 500


def object_for(qs: QuerySet, user: Any, action: str) -> Any:
    """The one object of `qs` that `user` may `action`: 404 if invisible, 403 if only visible."""
    obj = qs.restrict(user, "view").first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    if action != "view" and not qs.restrict(user, action).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(
            _("Your role or scope does not allow you to %(action)s this.") % {"action": action}
        )
    return obj


def known(
    qs: QuerySet, key: str, value: Any, unknown: str | Promise, *, field: str = "code"
) -> Any:
    """The object of `qs` whose `field` is `value` (None for None); else a 400 on the body's
    `key`, `unknown` % {"value": value, "name": key}."""
    if value is None:
        return None
    obj = qs.filter(**{field: value}).first()
    if obj is None:
        raise DjangoValidationError({key: str(unknown) % {"value": value, "name": key}})
    return obj


def all_known(
    qs: QuerySet, key: str, values: list[Any] | None, unknown: str | Promise, *, field: str = "code"
) -> list[Any]:
    """The objects of `qs` whose `field` is each of `values`, in that order; else a 400 on `key`,
    `unknown` % {"value": the missing ones, comma-separated}."""
    wanted = values or []
    found = {getattr(o, field): o for o in qs.filter(**{f"{field}__in": wanted})}
    missing = [v for v in wanted if v not in found]
    if missing:
        raise DjangoValidationError({key: str(unknown) % {"value": ", ".join(missing)}})
    return [found[v] for v in wanted]


def change_reason(request: HttpRequest, given: str | None, *, default: str) -> str:
    header = request.headers.get("X-Keruen-Reason", "").strip()
    reason = header or (given or "").strip() or default
    return reason[:MAX_REASON]


def require_writer(user: Any) -> None:
    """401 for the public, 403 for roles that never write."""
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Sign in or send an API token to change anything."))
    if not may_write(user):
        raise PermissionDenied(_("Your role reads only; it does not change records."))


def require_coordinator(user: Any, refusal: str | Promise) -> None:
    """`require_writer`, then 403 with `refusal` for anyone but a coordinator (or an
    administrator): the writes of shared reference data (portfolios, exchange rates)."""
    require_writer(user)
    if not user_scope(user).is_coordinator:
        raise PermissionDenied(refusal)


def require_signed_in(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Sign in or send an API token to read this."))


def refuse_unless(allowed: bool, message: str | Promise | None = None) -> None:
    """403 unless `allowed`; call inside the write's transaction so a refusal undoes it."""
    if not allowed:
        raise PermissionDenied(
            message or _("The record would be outside your scope (your regions or organization).")
        )


def refuse_nulls(changes: dict[str, Any], *, nullable: frozenset[str] = frozenset()) -> None:
    """422 for an explicit `null` on a field that cannot be empty (`nullable` ones may be)."""
    bad = sorted(k for k, v in changes.items() if v is None and k not in nullable)
    if bad:
        raise DjangoValidationError(
            {k: _("This field cannot be null; leave it out to keep its value.") for k in bad}
        )


def settle_nulls(
    values: dict[str, Any],
    *,
    choices: Iterable[str] = (),
    refuse: Iterable[str] = (),
    blank: Iterable[str] = (),
    lists: Iterable[str] = (),
    message: str | None = None,
) -> None:
    """What an explicit `null` among the fields sent means: 422 for `choices` (which become their
    value) and `refuse`, the first one met, with `message` (default: the field cannot be empty);
    "" for the text fields `blank`, [] for the relations `lists`."""
    for field in choices:
        if field in values:
            if values[field] is None:
                raise DjangoValidationError({field: _("This field cannot be empty.")})
            values[field] = str(values[field])
    for field in refuse:
        if field in values and values[field] is None:
            raise DjangoValidationError({field: message or _("This field cannot be empty.")})
    for field in blank:
        if field in values and values[field] is None:
            values[field] = ""
    for field in lists:
        if field in values and values[field] is None:
            values[field] = []
