"""Reads about users: their role and scope, as every access decision needs them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from keruen.accounts.models import Role
from keruen.core.json_arrays import JSONList, json_list


@dataclass(frozen=True)
class Scope:
    """What a user is: role, regions (codes) and organization (code), resolved once per request."""

    role: str | None
    regions: frozenset[str] = field(default_factory=frozenset)
    organization: str | None = None
    organization_id: int | None = None
    authenticated: bool = False
    system: bool = False

    @property
    def is_coordinator(self) -> bool:
        return self.system or self.role in (Role.COORDINATOR, Role.ADMIN)


SYSTEM = Scope(role=Role.ADMIN, authenticated=True, system=True)
PUBLIC = Scope(role=None)


def user_scope(user: Any) -> Scope:
    """The scope of `user`; None is Keruen itself, anonymous users are the public."""
    if user is None:
        return SYSTEM
    if not getattr(user, "is_authenticated", False):
        return PUBLIC
    cached = getattr(user, "_keruen_scope", None)
    if cached is not None:
        return cached
    return _remember_scope(user, None)


def _remember_scope(user: Any, regions: Iterable[str] | None) -> Scope:
    """Resolve the scope of the signed-in `user` and keep it on the user object; `regions`: the
    profile's region codes when they were read already (else one query reads them)."""
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is None:
        role = Role.ADMIN if user.is_superuser else None
        scope = Scope(role=role, authenticated=True)
    else:
        org = profile.organization
        if regions is None:
            regions = profile.regions.values_list("code", flat=True)
        scope = Scope(
            role=Role.ADMIN if user.is_superuser else profile.role,
            regions=frozenset(regions),
            organization=org.code if org else None,
            organization_id=org.pk if org else None,
            authenticated=True,
        )
    user._keruen_scope = scope
    return scope


def user_for_token(key: str) -> Any:
    """The active user owning the API token `key`, or None, with their scope resolved in the same
    query (a request reads it once). Marks the token used (hourly)."""
    import datetime as dt

    from django.db.models import F, OuterRef
    from django.utils import timezone

    from keruen.accounts.models import ApiToken
    from keruen.reference.models import Region

    token = (
        ApiToken.objects.select_related("user", "user__profile", "user__profile__organization")
        .filter(digest=ApiToken.digest_of(key), revoked_at__isnull=True, user__is_active=True)
        .annotate(
            profile_regions=JSONList(
                Region.objects.filter(editors__user_id=OuterRef("user_id")).values(v=F("code"))
            )
        )
        .first()
    )
    if token is None:
        return None
    _remember_scope(token.user, json_list(token.profile_regions))
    now = timezone.now()
    # Write at most once an hour: a write per request would serialize every reader.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_list(*, active_only: bool = False) -> list[dict[str, Any]]:
    """Every user with role, scope and token count, as plain rows (for `keruen users list`)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    qs = (
        get_user_model()
        .objects.select_related("profile", "profile__organization")
        .prefetch_related("profile__regions")
        .annotate(tokens=Count("api_tokens", filter=Q(api_tokens__revoked_at__isnull=True)))
        .order_by("username")
    )
    if active_only:
        qs = qs.filter(is_active=True)
    rows = []
    for u in qs:
        profile = getattr(u, "profile", None) if hasattr(u, "profile") else None
        rows.append(
            {
                "username": u.username,
                "role": profile.role if profile else ("admin" if u.is_superuser else None),
                "regions": sorted(r.code for r in profile.regions.all()) if profile else [],
                "organization": profile.organization.code
                if profile and profile.organization
                else None,
                "active": u.is_active,
                "tokens": u.tokens,
                "last_login": u.last_login.isoformat() if u.last_login else None,
            }
        )
    return rows
