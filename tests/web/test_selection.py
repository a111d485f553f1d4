"""What a list's selection adds up to (`keruen.web.selection`): the count and sums for the
reader, and how many rows of the same selection the reader may not see — the figures both the
list's footer and its export's totals row show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from keruen.agreements.models import Agreement
from keruen.agreements.selectors import AgreementFilters, agreement_list
from keruen.agreements.services import agreement_create
from keruen.reference.models import Region
from keruen.web.selection import SelectionTotals, selection_totals
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    """The notes are read in English (a page rendered before may leave another language on)."""
    with translation.override("en"):
        yield


@pytest.fixture
def agreements() -> None:
    for code, region, amount, secrecy in (
        ("A-1", "KZ-19", "1000000", "public"),
        ("A-2", "KZ-19", "2500000", "public"),
        ("A-R", "KZ-19", "7000000", "restricted"),
        ("A-3", "KZ-71", "4000000", "public"),
    ):
        agreement_create(
            actor=None,
            reason="t",
            code=code,
            title=f"Agreement {code}",
            kind=Agreement.Kind.COMMERCIAL,
            region=Region.objects.get(code=region),
            value_amount=Decimal(amount),
            value_currency="USD",
            value_date=dt.date(2025, 6, 17),
            confidentiality=secrecy,
        )


def almaty(user: Any) -> Any:
    return agreement_list(user=user, filters=AgreementFilters(region="KZ-19"))


def test_counts_and_sums_what_the_reader_sees_and_counts_what_is_hidden(agreements) -> None:
    totals = selection_totals(almaty, user=make_user("analyst"), usd="value_usd")
    assert (totals.count, totals.everything, totals.hidden) == (2, 3, 1)
    assert totals.usd == Decimal("3500000") and totals.jobs is None and not totals.public
    assert totals.notes() == ["You see 2 of 3 records; 1 is restricted."]


def test_a_coordinator_sees_the_whole_selection(agreements) -> None:
    totals = selection_totals(almaty, user=make_user("coordinator"), usd="value_usd")
    assert (totals.count, totals.hidden, totals.usd) == (3, 0, Decimal("10500000"))
    assert totals.notes() == []


def test_the_public_is_told_it_reads_the_public_edition(agreements) -> None:
    totals = selection_totals(almaty, user=AnonymousUser())
    assert (totals.count, totals.hidden, totals.public, totals.usd) == (2, 1, True, None)
    assert totals.notes() == ["Public edition. You see 2 of 3 records; 1 is not public."]


def test_keruen_itself_counts_once_and_hides_nothing(agreements, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        totals = selection_totals(almaty, user=None, usd="value_usd")
    assert (totals.count, totals.everything, totals.hidden) == (3, 3, 0)


def test_an_empty_selection_adds_up_to_zero(agreements) -> None:
    def nothing(user: Any) -> Any:
        return agreement_list(user=user, filters=AgreementFilters(region="KZ-10"))

    totals = selection_totals(nothing, user=make_user("analyst"), usd="value_usd")
    assert (totals.count, totals.usd, totals.notes()) == (0, Decimal(0), [])


def test_the_notes_speak_the_readers_language() -> None:
    totals = SelectionTotals(count=40, everything=58, public=False)
    with translation.override("ru"):
        assert totals.notes() == ["Вам видно 40 из 58 записей; 18 — ограниченного доступа."]
    public = SelectionTotals(count=1, everything=3, public=True)
    with translation.override("kk"):
        (note,) = public.notes()
    assert "Public" not in note and "3" in note
