"""Factories for instructions: state bodies, meetings, users with a role, instructions."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from keruen.accounts.models import Profile, Role
from keruen.agreements.models import Event
from keruen.agreements.services import event_create
from keruen.instructions.models import Instruction
from keruen.instructions.services import instruction_create
from keruen.parties.models import Organization
from keruen.reference.models import Region
from tests.factories import OrganizationFactory, UserFactory

_seq = itertools.count(1)


def ministry(**kwargs: Any) -> Organization:
    return OrganizationFactory(kind=Organization.Kind.MINISTRY, **kwargs)


def akimat(region_code: str) -> Organization:
    region = Region.objects.get(code=region_code)
    return OrganizationFactory(
        kind=Organization.Kind.AKIMAT, name=f"Akimat of {region.name}", region=region
    )


def meeting(**kwargs: Any) -> Event:
    n = next(_seq)
    values = {
        "slug": f"meeting-{n}",
        "title": f"Meeting {n}",
        "kind": Event.Kind.MEETING,
        "starts_on": dt.date(2025, 6, 25),
        **kwargs,
    }
    return event_create(actor=None, reason="test", **values)


def user_with_role(
    role: str,
    *,
    organization: Organization | None = None,
    regions: tuple[str, ...] = (),
    **kwargs: Any,
) -> Any:
    user = UserFactory(**kwargs)
    profile = Profile.objects.create(user=user, role=role, organization=organization)
    if regions:
        profile.regions.set(Region.objects.filter(code__in=regions))
    return user


def coordinator(**kwargs: Any) -> Any:
    return user_with_role(Role.COORDINATOR, **kwargs)


def instruction(**kwargs: Any) -> Instruction:
    values: dict[str, Any] = {
        "text": f"Test instruction {next(_seq)}",
        "deadline": dt.date(2025, 9, 1),
        **kwargs,
    }
    if "lead_executor" not in values:
        values["lead_executor"] = ministry()
    return instruction_create(actor=values.pop("actor", None), reason="test", **values)


def token_for(user: Any) -> str:
    """A bearer token for `user` (only its digest is stored)."""
    from keruen.accounts.models import ApiToken

    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), prefix=key[:8])
    return key
