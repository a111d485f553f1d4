from decimal import Decimal

import pytest

from keruen.imports.amounts import parse_amount
from keruen.imports.formats import CellError


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$4,200 ", "4200", "USD"),
        ("1 234,5", "1234.5", None),
        ("1\u00a0234,5", "1234.5", None),
        ("USD 2.5 bn", "2500000000", "USD"),
        ("12,5 млрд", "12500000000", None),
        ("12,5 млрд тенге", "12500000000", "KZT"),
        ("1,234,567.89", "1234567.89", None),
        ("1.234.567,89", "1234567.89", None),
        ("1234.50", "1234.50", None),
        ("₸ 1 000 000", "1000000", "KZT"),
        ("CNY 30 mln", "30000000", "CNY"),
        ("2.5bn", "2500000000", None),
        ("(5)", "-5", None),
    ],
)
def test_amounts_as_people_write_them(text: str, value: str, currency: str | None) -> None:
    amount = parse_amount(text)
    assert amount.value == Decimal(value)
    assert amount.currency == currency


def test_multiplier_scales_the_amount() -> None:
    assert parse_amount("$4,200 ", multiplier=Decimal(1_000_000)).value == Decimal("4200000000")


@pytest.mark.parametrize("text", ["", "abc", "1e5", "12 apples", "1,2,3.4.5", "$"])
def test_unreadable_amounts_say_what_was_expected(text: str) -> None:
    with pytest.raises(CellError) as e:
        parse_amount(text)
    assert "1234.50" in e.value.expected
