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


#: Stands for the token's digest in the SQL of `_TokenQuery` until a request puts its own in.
_DIGEST = "keruen:token-digest"


@dataclass(frozen=True)
class _TokenQuery:
    """`user_for_token`'s query compiled once per database: its text, its parameters (the digest
    at `slot`) and the compiler that knows how its columns become the token, its user, profile
    and organization. The text never changes, so no request pays for building it again."""

    sql: str
    params: tuple[Any, ...]
    slot: int
    compiler: Any

    def token(self, row: tuple[Any, ...], using: str) -> Any:
        """The token (with its user, profile and organization) of one row."""
        from django.db.models.query import get_related_populators

        compiler = self.compiler
        (row,) = compiler.results_iter(results=[[row]])
        info = compiler.klass_info
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        names = [col[0].target.attname for col in compiler.select[start:end]]
        token = info["model"].from_db(using, names, row[start:end])
        # As Django's ModelIterable does (django-stubs describe Django 6's extra `fetch_mode`).
        for populator in get_related_populators(info, compiler.select, using):  # type: ignore[call-arg]
            populator.populate(row, token)
        for name, pos in compiler.annotation_col_map.items():
            setattr(token, name, row[pos])
        return token


_TOKEN_QUERIES: dict[str, _TokenQuery] = {}


def _token_query(using: str) -> _TokenQuery:
    from django.db.models import F, OuterRef

    from keruen.accounts.models import ApiToken
    from keruen.reference.models import Region

    if using not in _TOKEN_QUERIES:
        qs = (
            ApiToken.objects.select_related("user", "user__profile", "user__profile__organization")
            .filter(digest=_DIGEST, revoked_at__isnull=True, user__is_active=True)
            .annotate(
                profile_regions=JSONList(
                    Region.objects.filter(editors__user_id=OuterRef("user_id")).values(v=F("code"))
                )
            )
            .order_by("pk")[:1]
        )
        compiler = qs.query.get_compiler(using)
        sql, params = compiler.as_sql()
        _TOKEN_QUERIES[using] = _TokenQuery(sql, tuple(params), params.index(_DIGEST), compiler)
    return _TOKEN_QUERIES[using]


def user_for_token(key: str) -> Any:
    """The active user owning the API token `key`, or None, with their scope resolved in the same
    query (a request reads it once). Marks the token used (hourly)."""
    import datetime as dt

    from django.db import connections
    from django.utils import timezone

    from keruen.accounts.models import ApiToken

    using = ApiToken._default_manager.db
    query = _token_query(using)
    params = list(query.params)
    params[query.slot] = ApiToken.digest_of(key)
    with connections[using].cursor() as cursor:
        cursor.execute(query.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    token = query.token(row, using)
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
