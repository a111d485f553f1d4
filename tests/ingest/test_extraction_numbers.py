"""Numbers, money and qualifiers as people write them (keruen.ingest.extraction.numbers)."""

from __future__ import annotations

import pytest

from keruen.ingest.extraction.numbers import find_numbers, parse_digits
from keruen.ingest.extraction.qualifiers import qualifier_before


def only(text: str, language: str = "en"):
    nums = [n for n in find_numbers(text, language=language) if not n.is_conversion]
    assert len(nums) == 1, nums
    return nums[0]


@pytest.mark.parametrize(
    ("text", "language", "value", "currency"),
    [
        ("66.4 billion US dollars", "en", 66_400_000_000, "USD"),
        ("$800m", "en", 800_000_000, "USD"),
        ("USD 1.2 bln", "en", 1_200_000_000, "USD"),
        ("CNY 2 billion", "en", 2_000_000_000, "CNY"),
        ("EUR 450 million", "en", 450_000_000, "EUR"),
        ("US$540 million", "en", 540_000_000, "USD"),
        ("$1.1bn", "en", 1_100_000_000, "USD"),
        ("7.8 trillion tenge", "en", 7_800_000_000_000, "KZT"),
        ("KZT 12 billion", "en", 12_000_000_000, "KZT"),
        ("₸5 bn", "en", 5_000_000_000, "KZT"),
        ("€30 million", "en", 30_000_000, "EUR"),
        ("134 млрд тенге", "ru", 134_000_000_000, "KZT"),
        ("2,5 млрд долларов", "ru", 2_500_000_000, "USD"),
        ("412,6 млрд тенге", "ru", 412_600_000_000, "KZT"),
        ("18,5 млн долларов США", "ru", 18_500_000, "USD"),
        ("3,2 трлн тенге", "ru", 3_200_000_000_000, "KZT"),
        ("150 млн евро", "ru", 150_000_000, "EUR"),
        ("40 млн долл. США", "ru", 40_000_000, "USD"),
        ("полтора млрд долларов", "ru", 1_500_000_000, "USD"),
        ("2 млрд юаней", "ru", 2_000_000_000, "CNY"),
    ],
)
def test_money(text: str, language: str, value: int, currency: str) -> None:
    n = only(text, language)
    assert (n.value, n.currency) == (value, currency)
    assert text[n.start : n.end].strip() == text.strip()


def test_first_stated_amount_wins_over_conversion_in_parentheses() -> None:
    nums = find_numbers("will invest 1.5 trillion tenge ($3 billion) in a plant")
    assert [(n.value, n.currency, n.is_conversion) for n in nums] == [
        (1_500_000_000_000, "KZT", False),
        (3_000_000_000, "USD", True),
    ]
    nums = find_numbers("amounts to CNY 2 billion (about 130 billion tenge).")
    assert [n.is_conversion for n in nums] == [False, True]


def test_parenthesised_amount_after_a_name_is_not_a_conversion() -> None:
    nums = find_numbers("a plant to be built by Acme Ceramics (about $200 million)")
    assert [(n.value, n.is_conversion, n.qualifier) for n in nums] == [
        (200_000_000, False, "approximately")
    ]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("seven documents", "en", 7),
        ("four commercial contracts", "en", 4),
        ("twenty-five projects", "en", 25),
        ("some 50,000 jobs", "en", 50_000),
        ("1,148 investment projects", "en", 1148),
        ("1 200 рабочих мест", "ru", 1200),
        ("3 500 человек", "ru", 3500),
        ("восемь реализуются", "ru", 8),
        ("три меморандума", "ru", 3),
        ("1\u00a0200 рабочих мест", "ru", 1200),
    ],
)
def test_counts(text: str, language: str, value: int) -> None:
    n = only(text, language)
    assert n.value == value
    assert n.currency is None


def test_single_letter_scale_needs_money() -> None:
    # "46 m" of pipe is metres, not millions.
    assert only("46 m of pipe").value == 46
    assert only("$46m").value == 46_000_000


def test_percentages_and_ordinals() -> None:
    assert only("grew 18% a year").is_percent
    assert find_numbers("the 12th meeting") == []


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("1,148", "en", "1148"),
        ("66.4", "en", "66.4"),
        ("412,6", "ru", "412.6"),
        ("1 200", "ru", "1200"),
        ("1.234.567", "en", "1234567"),
        ("2,5", "en", "2.5"),
    ],
)
def test_parse_digits(raw: str, language: str, expected: str) -> None:
    assert str(parse_digits(raw, language)) == expected


@pytest.mark.parametrize(
    ("text", "language", "qualifier"),
    [
        ("over 30 memoranda", "en", "more than"),
        ("More than 4,000 workplaces", "en", "more than"),
        ("about USD 2.4 bln", "en", "approximately"),
        ("Some 50,000 jobs", "en", "approximately"),
        ("nearly $1.3 billion", "en", "nearly"),
        ("almost 900 jobs", "en", "nearly"),
        ("up to 2,500 jobs", "en", "up to"),
        ("at least 650 jobs", "en", "at least"),
        ("no less than $150 billion", "en", "at least"),
        ("свыше 2,5 млрд долларов", "ru", "more than"),
        ("более 600 рабочих мест", "ru", "more than"),
        ("около 1,8 млрд долларов", "ru", "approximately"),
        ("порядка 2 500 человек", "ru", "approximately"),
        ("почти 3,4 млрд долларов", "ru", "nearly"),
        ("до 3 500 человек", "ru", "up to"),
        ("не менее 900 рабочих мест", "ru", "at least"),
        ("не менее чем 300 проектов", "ru", "at least"),
        ("не более 5 млрд долларов", "ru", "up to"),
        ("no more than $2 billion", "en", "up to"),
    ],
)
def test_qualifiers(text: str, language: str, qualifier: str) -> None:
    assert only(text, language).qualifier == qualifier


def test_qualifier_belongs_to_its_own_number() -> None:
    nums = find_numbers("process up to 150,000 tonnes a year and provide some 900 permanent jobs")
    assert [(n.value, n.qualifier) for n in nums] == [(150_000, "up to"), (900, "approximately")]


def test_russian_do_after_a_verb_of_change_is_not_a_hedge() -> None:
    text = "планирует довести объём иностранных инвестиций до 1 млрд долларов в год"
    assert only(text, "ru").qualifier is None
    assert qualifier_before("работать до ", len("работать до "), "ru")[0] == "up to"
