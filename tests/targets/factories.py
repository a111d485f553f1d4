"""Factories for targets, built through the services as users build them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from keruen.reference.models import Currency, FxRate
from keruen.targets.models import Measure, Target
from keruen.targets.services import target_create

REASON = "test"


class TargetFactory(factory.Factory):
    class Meta:
        model = Target

    code = factory.Sequence(lambda n: f"target-{n}")
    name = factory.Sequence(lambda n: f"Test target {n}")
    measure = Measure.FDI_INFLOW
    target_value = Decimal(100)
    currency = "USD"
    period_start_year = 2025
    period_end_year = 2029

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Target:
        return target_create(actor=kwargs.pop("actor", None), reason=REASON, **kwargs)


def set_rate(code: str, on: dt.date, units_per_usd: str) -> FxRate:
    """A rate of our own for hand-worked conversions (replaces any bundled one that day)."""
    currency = Currency.objects.get(code=code)
    rate, _ = FxRate.objects.update_or_create(
        currency=currency,
        date=on,
        defaults={"units_per_usd": Decimal(units_per_usd), "source": "test"},
    )
    return rate
