import datetime as dt
from decimal import Decimal

import pytest

from keruen.imports.formats import (
    CellError,
    format_decimal,
    join_list,
    neutralise,
    parse_bool,
    parse_date,
    parse_int,
    split_list,
    unneutralise,
)


def test_lists_round_trip_even_with_semicolons_inside() -> None:
    values = ["Alpha; Beta LLP", "Gamma", ""]
    assert split_list(join_list(values)) == values
    assert split_list("") == []
    assert split_list(" a ;b ") == ["a", "b"]


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1+2", "-cmd", "@SUM(A1)", "\tx"])
def test_formulas_are_neutralised_and_restored(text: str) -> None:
    safe = neutralise(text)
    assert safe.startswith("'")
    assert unneutralise(safe) == text


def test_negative_numbers_and_plain_text_are_left_alone() -> None:
    assert neutralise("-5") == "-5"
    assert neutralise("plain") == "plain"
    assert unneutralise("'quoted") == "'quoted"


def test_canonical_scalars() -> None:
    assert format_decimal(Decimal("1234.50")) == "1234.50"
    assert parse_date("2025-06-17") == dt.date(2025, 6, 17)
    assert parse_date("2025-06-17 00:00:00") == dt.date(2025, 6, 17)
    assert parse_bool("Да") is True and parse_bool("false") is False
    assert parse_int("120") == 120


@pytest.mark.parametrize(
    ("parser", "text"),
    [(parse_date, "17.06.2025"), (parse_bool, "maybe"), (parse_int, "1.5"), (parse_int, "-3")],
)
def test_bad_cells_raise_with_what_was_expected(parser, text) -> None:
    with pytest.raises(CellError) as e:
        parser(text)
    assert e.value.expected
