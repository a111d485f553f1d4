"""Factories that build records through the services, as users do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model

from keruen.parties.models import Organization
from keruen.parties.services import organization_create
from keruen.projects.models import Portfolio, Project
from keruen.projects.services import portfolio_create, project_create

REASON = "test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("Correct-Horse-42")


class OrganizationFactory(factory.Factory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test Company {n} LLP")
    kind = Organization.Kind.COMPANY

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Organization:
        return organization_create(actor=kwargs.pop("actor", None), reason=REASON, **kwargs)


class PortfolioFactory(factory.Factory):
    class Meta:
        model = Portfolio

    slug = factory.Sequence(lambda n: f"portfolio-{n}")
    name = factory.Sequence(lambda n: f"Portfolio {n}")

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Portfolio:
        return portfolio_create(actor=kwargs.pop("actor", None), reason=REASON, **kwargs)


class ProjectFactory(factory.Factory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Test plant {n}")
    regions = factory.LazyFunction(lambda: ["KZ-19"])
    sectors = factory.LazyFunction(lambda: ["manufacturing"])
    total_investment_amount = Decimal("1000000.00")
    total_investment_currency = "USD"
    total_investment_date = dt.date(2025, 6, 1)
    jobs_planned = 100

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Project:
        return project_create(actor=kwargs.pop("actor", None), reason=REASON, **kwargs)
