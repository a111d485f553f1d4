"""Dates as people write them: ISO, or a month name and year in en/ru/kk."""

import datetime as dt

import pytest

from keruen.imports.formats import CellError, parse_date


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2005-08-01", dt.date(2005, 8, 1)),
        ("2024-03-15 00:00:00", dt.date(2024, 3, 15)),
        ("August 2005", dt.date(2005, 8, 1)),
        ("Aug 2005", dt.date(2005, 8, 1)),
        ("15 August 2005", dt.date(2005, 8, 15)),
        ("Sept 2019", dt.date(2019, 9, 1)),
        ("август 2005", dt.date(2005, 8, 1)),
        ("15 августа 2005 г.", dt.date(2005, 8, 15)),
        ("март 2020", dt.date(2020, 3, 1)),
        ("мар 2020", dt.date(2020, 3, 1)),
        ("мая 2024", dt.date(2024, 5, 1)),
        ("тамыз 2005", dt.date(2005, 8, 1)),
        ("желтоқсан 2021", dt.date(2021, 12, 1)),
    ],
)
def test_reads(cell: str, day: dt.date) -> None:
    assert parse_date(cell) == day


@pytest.mark.parametrize("cell", ["Smarch 2005", "31 February 2020", "Ju 2005", "2005", "17.06"])
def test_refuses_saying_what_it_expects(cell: str) -> None:
    with pytest.raises(CellError, match="August 2005"):
        parse_date(cell)
