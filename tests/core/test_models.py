from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from keruen.agreements.models import Agreement, Event
from keruen.blockers.models import Issue
from keruen.core.models import MoneyGroup, money_groups
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project
from keruen.reference.models import Currency, FxRate
from keruen.regions.models import Initiative
from keruen.targets.models import Observation, Target


@pytest.mark.parametrize("model", [Currency, Portfolio, Organization, Target])
def test_names_are_localized_with_english_as_the_fallback(model: type) -> None:
    named = model(name="Silk Road", name_ru="Шёлковый путь", name_kk="")
    assert named.localized_name("ru") == "Шёлковый путь"
    assert named.localized_name("kk") == "Silk Road"  # not translated yet
    with translation.override("ru"):
        assert named.localized_name() == "Шёлковый путь"


def test_money_groups_are_what_each_model_declares() -> None:
    assert money_groups(Project) == (
        MoneyGroup("total_investment"),
        MoneyGroup("foreign_investment"),
    )
    assert money_groups(Agreement) == (MoneyGroup("value", date_default="signed_on"),)
    assert money_groups(Initiative) == (MoneyGroup("investment"),)
    assert money_groups(Observation) == (MoneyGroup("value", derived=False),)


def _money_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if money_groups(m) and not m._meta.label.split(".")[1].startswith("Historical")
    ]


@pytest.mark.parametrize("model", _money_models(), ids=lambda m: m._meta.label)
def test_every_money_group_has_its_five_fields(model: type[models.Model]) -> None:
    for group in money_groups(model):
        amount, usd = model._meta.get_field(group.amount), model._meta.get_field(group.usd)
        assert isinstance(amount, models.DecimalField) and isinstance(usd, models.DecimalField)
        assert isinstance(model._meta.get_field(group.date), models.DateField)
        assert model._meta.get_field(group.currency).related_model is Currency
        assert model._meta.get_field(group.fx).related_model is FxRate
        assert amount.editable and not usd.editable
        assert not model._meta.get_field(group.fx).editable


def test_an_amount_is_not_negative_unless_the_group_says_so() -> None:
    with pytest.raises(ValidationError):
        Project._meta.get_field("total_investment_amount").run_validators(Decimal("-1"))
    Observation._meta.get_field("value_amount").run_validators(Decimal("-1"))  # net outflows


@pytest.mark.parametrize("model", [Issue, Target])
def test_a_description_falls_back_to_whichever_language_it_has(model: type) -> None:
    described = model(description="", description_ru="Нет земли", description_kk="")
    assert described.localized_description("ru") == "Нет земли"
    assert described.localized_description("en") == "Нет земли"  # no English: the Russian
    assert described.localized_description("kk") == "Нет земли"
    described.description = "No land"
    assert described.localized_description("kk") == "No land"  # not translated yet
    assert described.localized_description("ru") == "Нет земли"


def test_a_titled_record_is_named_by_its_title_in_the_readers_language() -> None:
    event = Event(slug="forum", title="Forum", title_ru="Форум", title_kk="")
    with translation.override("ru"):
        assert str(event) == "Форум"
    assert str(event) == "Forum"
