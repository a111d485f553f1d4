"""Writes of users, their roles and scopes, and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.accounts.models import ApiToken, Profile, Role
from keruen.core.history import save_with_history
from keruen.core.types import Actor
from keruen.parties.models import Organization
from keruen.reference.models import Region


def _role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("Unknown role %(value)r: expected one of %(roles)s.")
                % {"value": role, "roles": ", ".join(Role.values)}
            }
        )
    return role


def _regions(role: str, codes: Sequence[str]) -> list[Region]:
    codes = [c.strip().upper() for c in codes if c.strip()]
    if role == Role.REGIONAL_EDITOR and not codes:
        raise ValidationError(
            {"regions": _("A regional editor needs at least one region (e.g. --region KZ-19).")}
        )
    if role != Role.REGIONAL_EDITOR and codes:
        raise ValidationError({"regions": _("Only regional editors are scoped to regions.")})
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            {
                "regions": _(
                    "Unknown region %(value)s: expected an ISO 3166-2:KZ code such as KZ-19."
                )
                % {"value": ", ".join(unknown)}
            }
        )
    return [found[c] for c in codes]


def _organization(role: str, code: str | None) -> Organization | None:
    if role == Role.AGENCY_OFFICER and not code:
        raise ValidationError(
            {
                "organization": _(
                    "An agency officer needs their organization (e.g. --organization mic)."
                )
            }
        )
    if role != Role.AGENCY_OFFICER and code:
        raise ValidationError(
            {"organization": _("Only agency officers are scoped to an organization.")}
        )
    if not code:
        return None
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationError(
            {
                "organization": _("Unknown organization %(value)r: expected an organization code.")
                % {"value": code}
            }
        )
    return org


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    reason: str,
    username: str,
    role: str,
    regions: Sequence[str] = (),
    organization: str | None = None,
    password: str | None = None,
    email: str = "",
) -> Any:
    """Create a user with a role and its scope. Without a password the user signs in with an API
    token only."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("A username cannot be empty.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("A user named %(value)r exists already.") % {"value": username}}
        )
    role = _role(role)
    region_objs = _regions(role, regions)
    org = _organization(role, organization)
    user = User(username=username, email=email)
    user.is_staff = user.is_superuser = role == Role.ADMIN
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise ValidationError({"password": e.messages}) from e
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as e:
        raise ValidationError(e.message_dict) from e
    user.save()
    profile = Profile(user=user, role=role, organization=org)
    save_with_history(profile, actor=actor, reason=reason, m2m={"regions": region_objs})
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, reason: str, username: str) -> Any:
    """Stop a user signing in and revoke their API tokens; their history stays."""
    user = user_get(username)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


def user_get(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": _("No user named %(value)r.") % {"value": username}})
    return user


def token_create(*, actor: Actor, reason: str, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `user`: returns the record and the key, shown this once only."""
    if not user.is_active:
        raise ValidationError({"username": _("The user is deactivated.")})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name or reason[:100], digest=ApiToken.digest_of(key), prefix=key[:8]
    )
    return token, key


def token_revoke_all(*, actor: Actor, reason: str, user: Any) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
