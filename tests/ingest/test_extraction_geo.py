"""Regions (ISO 3166-2:KZ), countries, companies and dates as spelled in the text."""

from __future__ import annotations

import pytest

from keruen.ingest.extraction.entities import find_companies, find_dates
from keruen.ingest.extraction.geo import _REGIONS, find_countries, find_regions


def test_region_codes_are_pycountrys() -> None:
    pycountry = pytest.importorskip("pycountry")
    iso = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
    assert {code for code, _, _ in _REGIONS} == iso  # all 20, nothing else


@pytest.mark.parametrize(
    ("text", "spelled", "code"),
    [
        ("in Almaty region", "Almaty region", "KZ-19"),
        ("in Almaty city", "Almaty city", "KZ-75"),
        ("offices in Almaty", "Almaty", "KZ-75"),
        ("Turkestan region", "Turkestan region", "KZ-61"),
        ("the Turkistan region", "Turkistan region", "KZ-61"),
        ("Abai region", "Abai region", "KZ-10"),
        ("Jetisu", "Jetisu", "KZ-33"),
        ("Ulytau region", "Ulytau region", "KZ-62"),
        ("North Kazakhstan region", "North Kazakhstan region", "KZ-59"),
        ("East Kazakhstan", "East Kazakhstan", "KZ-63"),
        ("в Туркестанской области", "Туркестанской области", "KZ-61"),
        ("Туркестанская область", "Туркестанская область", "KZ-61"),
        ("акимат Западно-Казахстанской области", "Западно-Казахстанской области", "KZ-27"),
        ("в ЗКО", "ЗКО", "KZ-27"),
        ("в области Жетісу", "области Жетісу", "KZ-33"),
        ("аким Жетысуской области", "Жетысуской области", "KZ-33"),
        ("в Алматинскую область", "Алматинскую область", "KZ-19"),
        ("в Алматы", "Алматы", "KZ-75"),
        ("в Шымкенте", "Шымкенте", "KZ-79"),
        ("в Астане", "Астане", "KZ-71"),
        ("Мангистауской области", "Мангистауской области", "KZ-47"),
        ("в Семее", "Семее", "KZ-10"),
        ("Улытауской области", "Улытауской области", "KZ-62"),
        ("в области Улытау", "области Улытау", "KZ-62"),
    ],
)
def test_regions(text: str, spelled: str, code: str) -> None:
    found = find_regions(text)
    assert [(m.text, m.code) for m in found] == [(spelled, code)]


def test_countries() -> None:
    text = "the Chinese company, a Turkish group, Emirati investors, South Korea's firm, Германии"
    assert [c for _, c in find_countries(text)] == [
        "China",
        "Türkiye",
        "United Arab Emirates",
        "South Korea",
        "Germany",
    ]
    # "долларов США" is a currency, not a partner country.
    assert find_countries("стоимостью 5 млн долларов США") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("South Korea's Hanra Battery Co., Ltd. will invest", ["Hanra Battery Co., Ltd."]),
        ("by Lakeside Chemie GmbH in Karaganda", ["Lakeside Chemie GmbH"]),
        (
            "Ege Seramik Sanayi A.Ş. and Steppe Tiles LLP",
            ["Ege Seramik Sanayi A.Ş.", "Steppe Tiles LLP"],
        ),
        ("реализует ТОО «Дала Агро» совместно", ["ТОО «Дала Агро»"]),
        ("АО «НК «Kazakh Invest» сообщило", ["АО «НК «Kazakh Invest»"]),
    ],
)
def test_companies(text: str, names: list[str]) -> None:
    assert [n for _, n in find_companies(text)] == names


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("attract $150 billion by 2029.", "by 2029"),
        ("invested between 2005 and 2024.", "between 2005 and 2024"),
        ("Astana, 18 March 2025 – the", "18 March 2025"),
        ("signed last December in Seoul", "last December"),
        ("к 2030 году привлечь", "к 2030 году"),
        ("Астана, 3 декабря 2024 года.", "3 декабря 2024 года"),
        ("до конца года будут", "до конца года"),
        ("с начала года привлечено", "с начала года"),
    ],
)
def test_dates(text: str, date: str) -> None:
    assert [d for _, d in find_dates(text)][:1] == [date]
