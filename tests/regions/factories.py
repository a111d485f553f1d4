"""Factories for the regions tests: users with a role and scope, initiatives, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import factory

from keruen.accounts.models import Profile, Role
from keruen.agreements.models import Event
from keruen.agreements.services import event_create
from keruen.reference.models import Region
from keruen.regions.models import Initiative
from keruen.regions.services import initiative_create
from tests.factories import UserFactory

REASON = "test"


def user_with_role(role: str, regions: Sequence[str] = (), **kwargs: Any) -> Any:
    """A user with a profile: `role` and, for regional editors, the region codes."""
    user = UserFactory(**kwargs)
    profile = Profile.objects.create(user=user, role=role)
    if regions:
        profile.regions.set(Region.objects.filter(code__in=regions))
    return user


def coordinator(**kwargs: Any) -> Any:
    return user_with_role(Role.COORDINATOR, **kwargs)


def editor(*regions: str, **kwargs: Any) -> Any:
    return user_with_role(Role.REGIONAL_EDITOR, regions, **kwargs)


def analyst(**kwargs: Any) -> Any:
    return user_with_role(Role.ANALYST, **kwargs)


class InitiativeFactory(factory.Factory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Test initiative {n}")
    region = "KZ-71"
    sectors = factory.LazyFunction(lambda: ["manufacturing"])
    partner_countries = factory.LazyFunction(lambda: ["CN"])
    investment_amount = 50_000_000
    investment_currency = "USD"
    investment_date = dt.date(2025, 6, 1)
    jobs_planned = 300

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Initiative:
        return initiative_create(actor=kwargs.pop("actor", None), reason=REASON, **kwargs)


def make_event(
    slug: str,
    starts_on: dt.date,
    kind: str = Event.Kind.FORUM,
    region: str | None = None,
    country: str | None = None,
    participants: Sequence[Any] = (),
) -> Event:
    from keruen.reference.models import Country

    return event_create(
        actor=None,
        reason=REASON,
        slug=slug,
        title=slug.replace("-", " ").title(),
        kind=kind,
        starts_on=starts_on,
        region=Region.objects.get(code=region) if region else None,
        country=Country.objects.get(code=country) if country else None,
        participants=participants,
    )
