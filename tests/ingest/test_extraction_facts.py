"""Facts from whole texts: kinds, values, units, qualifiers, spans, and what is left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keruen.ingest.extraction import extract, extract_file
from keruen.ingest.extraction.types import FACT_FIELDS, KINDS

SAMPLES = Path(__file__).parent / "samples"


def summary(text: str) -> set[tuple]:
    result = extract(text)
    for f in result.facts:
        assert text[f.char_start : f.char_end] == f.quote
        assert "\n" not in f.quote
    return {(f.kind, f.value, f.currency or f.unit, f.qualifier) for f in result.facts}


def kinds(text: str) -> list[str]:
    return [f.kind for f in extract(text).facts]


# -- English ----------------------------------------------------------------------------------


def test_count_and_value_of_signed_agreements_share_a_quote() -> None:
    text = "At the forum, 31 commercial agreements worth $4.2 billion were signed."
    assert summary(text) == {
        ("agreement_count", 31, "agreements", None),
        ("agreement_value", 4_200_000_000, "USD", None),
        ("event", None, None, None),
    }
    facts = extract(text).facts
    assert facts[0].char_start == facts[1].char_start


def test_memoranda_and_contracts_are_counted_separately() -> None:
    text = "The delegations signed more than 20 memoranda and six contracts worth USD 900 mln."
    assert summary(text) >= {
        ("agreement_count", 20, "memoranda", "more than"),
        ("agreement_count", 6, "contracts", None),
        ("agreement_value", 900_000_000, "USD", None),
    }


def test_documents_need_a_signing_verb() -> None:
    assert kinds("The committee reviewed 14 documents on Tuesday.") == []


def test_portfolio_counts_and_amounts() -> None:
    text = (
        "The agency's pipeline holds 215 projects with a total value of 3.4 trillion tenge, "
        "of which 40 are at the construction stage."
    )
    assert summary(text) == {
        ("project_count", 215, "projects", None),
        ("investment_amount", 3_400_000_000_000, "KZT", None),
        ("project_count", 40, "projects", None),
    }


def test_aggregate_investment() -> None:
    text = "Since 2010, Italian companies have invested around $2.6 billion in the economy."
    assert summary(text) == {("investment_amount", 2_600_000_000, "USD", "approximately")}


def test_single_project_with_its_value() -> None:
    text = "Nordvik Cement AB will build a $310m cement plant near Taraz."
    facts = extract(text).facts
    assert [(f.kind, f.value, f.currency) for f in facts] == [("project", 310_000_000, "USD")]
    assert facts[0].region == "Taraz" and facts[0].region_code == "KZ-31"
    assert facts[0].company == "Nordvik Cement AB"


def test_single_agreement_with_its_value() -> None:
    text = "A memorandum was signed with Delta Agro LLC on a poultry farm worth EUR 75 million."
    assert summary(text) == {("agreement", 75_000_000, "EUR", None)}


def test_agreement_without_value_and_future_signing() -> None:
    assert kinds("Kazakh Invest and Orion Solar LLP signed an investment agreement today.") == [
        "agreement"
    ]
    assert "agreement" not in kinds("The parties plan to sign an investment agreement next month.")


def test_jobs_permanent_and_construction() -> None:
    text = (
        "The smelter will create about 1,300 permanent jobs, and up to 4,000 workers will be "
        "employed during construction."
    )
    assert summary(text) == {
        ("jobs", 1300, "jobs", "approximately"),
        ("jobs", 4000, "construction jobs", "up to"),
    }


def test_people_are_jobs_only_when_employed() -> None:
    assert kinds("More than 300 people attended the opening.") == []
    assert kinds("The factory will hire 250 people.") == ["jobs"]


def test_targets_for_investment_and_for_projects() -> None:
    text = "The region aims to attract no less than $2 billion of foreign investment by 2030."
    facts = extract(text).facts
    assert [(f.kind, f.value, f.currency, f.qualifier, f.date) for f in facts] == [
        ("target", 2_000_000_000, "USD", "at least", "by 2030")
    ]
    text = "Next year the agency intends to launch at least 25 new projects in agriculture."
    assert summary(text) == {("target", 25, "projects", "at least")}


def test_events_are_annotated_once() -> None:
    text = (
        "The Kazakhstan–Italy Business Council met in Rome. "
        "The council discussed energy. At the business council the sides exchanged views. "
        "The sides agreed to hold the next meeting of the Business Council in Astana."
    )
    assert kinds(text) == ["event", "event"]


@pytest.mark.parametrize(
    "text",
    [
        "Trade between the two countries exceeded $3 billion in 2024.",
        "The terminal will handle 500,000 TEU a year and cover 40 hectares.",
        "Exports grew by 14% to 2.1 million tonnes.",
        "Some 412 companies with Austrian capital operate in the country.",
        "The regional budget allocated 4.5 billion tenge for road repairs.",
        "The akim instructed the departments to speed up the work.",
        "The bank's loan portfolio grew to 5.2 trillion tenge.",
        "The task is to double the economy to $450 billion by 2029.",
        "State support measures worth 300 billion tenge were approved.",
        "Товарооборот между странами вырос на 12% и составил 2,4 млрд долларов.",
        "На дорогах работают 120 единиц техники, к работам привлечено 300 человек.",
        "В турнире приняли участие более 400 спортсменов из 35 стран.",
        "The akim held a meeting on preparations for the heating season.",
        "Repairs of the ring road will cost 2 billion tenge this year, the city said.",
    ],
)
def test_distractors_give_no_facts(text: str) -> None:
    assert kinds(text) == []


# -- Russian ----------------------------------------------------------------------------------


def test_russian_signed_documents() -> None:
    text = "По итогам бизнес-форума подписано 15 документов на общую сумму свыше 800 млн долларов."
    assert summary(text) == {
        ("agreement_count", 15, "documents", None),
        ("agreement_value", 800_000_000, "USD", "more than"),
        ("event", None, None, None),
    }


def test_russian_portfolio_with_elliptic_subcount() -> None:
    text = (
        "В портфеле области 54 проекта на сумму 2,1 трлн тенге, из них девять реализуются "
        "с японскими партнёрами."
    )
    assert summary(text) == {
        ("project_count", 54, "projects", None),
        ("investment_amount", 2_100_000_000_000, "KZT", None),
        ("project_count", 9, "projects", None),
    }


def test_russian_jobs() -> None:
    text = (
        "Предприятие обеспечит около 700 постоянных рабочих мест, а на этапе строительства будут "
        "работать до 1 800 человек."
    )
    assert summary(text) == {
        ("jobs", 700, "jobs", "approximately"),
        ("jobs", 1800, "construction jobs", "up to"),
    }


def test_russian_target_and_do_as_to() -> None:
    text = "Область планирует довести объём инвестиций до 2 млрд долларов в год к 2029 году."
    facts = extract(text).facts
    assert [(f.kind, f.value, f.qualifier, f.date) for f in facts] == [
        ("target", 2_000_000_000, None, "к 2029 году")
    ]


def test_russian_single_agreement_and_project() -> None:
    text = (
        "Акимат и компания Baltic Grain LLC подписали соглашение о строительстве элеватора "
        "стоимостью 12 млрд тенге. Проект стоимостью 40 млн евро реализует ТОО «Дала Агро»."
    )
    facts = extract(text).facts
    assert [(f.kind, f.value, f.currency) for f in facts] == [
        ("agreement", 12_000_000_000, "KZT"),
        ("project", 40_000_000, "EUR"),
    ]
    assert facts[1].company == "ТОО «Дала Агро»"


def test_russian_schedule_of_identified_projects_is_a_count_not_a_target() -> None:
    text = "До конца года в Павлодарской области будут запущены 11 проектов."
    facts = extract(text).facts
    assert [(f.kind, f.value, f.date, f.region_code) for f in facts] == [
        ("project_count", 11, "До конца года", "KZ-55")
    ]


# -- sample files and the JSON form ------------------------------------------------------------


def test_english_sample() -> None:
    result = extract_file(SAMPLES / "en_forum_japan.txt")
    got = {(f.kind, f.value, f.currency or f.unit, f.qualifier) for f in result.facts}
    assert got == {
        ("agreement_count", 12, "agreements", None),
        ("agreement_value", 2_100_000_000, "USD", None),
        ("event", None, None, None),
        ("agreement", 420_000_000, "USD", None),
        ("jobs", 650, "jobs", None),
        ("project_count", 23, "projects", None),
        ("investment_amount", 1_900_000_000_000, "KZT", "approximately"),
        ("investment_amount", 8_200_000_000, "USD", "more than"),
        ("target", 25_000_000_000, "USD", None),
    }
    # Facts about one project or event take the partner from context; totals and the national
    # target only from their own sentence or paragraph.
    specific = {"project", "agreement", "event", "jobs"}
    assert {f.counterparty_country for f in result.facts if f.kind in specific} == {"Japan"}
    assert {f.counterparty_country for f in result.facts} == {"Japan", None}


def test_russian_sample() -> None:
    result = extract_file(SAMPLES / "ru_vko_copper.txt")
    assert result.language == "ru"
    got = {(f.kind, f.value, f.currency or f.unit, f.qualifier) for f in result.facts}
    assert got == {
        ("event", None, None, None),
        ("project", 780_000_000, "USD", None),
        ("jobs", 1100, "jobs", "more than"),
        ("jobs", 2500, "construction jobs", "approximately"),
        ("project_count", 47, "projects", None),
        ("investment_amount", 1_300_000_000_000, "KZT", None),
        ("investment_amount", 9_000_000_000, "USD", "nearly"),
        ("target", 12_000_000_000, "USD", "at least"),
        ("agreement_count", 3, "memoranda", None),
        ("agreement_value", 150_000_000, "EUR", None),
    }
    specific = {"project", "agreement", "event", "jobs"}
    assert {f.region_code for f in result.facts if f.kind in specific} == {"KZ-63"}
    # "в регионе", "область намерена": the region named before.
    assert {f.region_code for f in result.facts if f.kind in {"project_count", "target"}} == {
        "KZ-63"
    }
    assert {f.counterparty_country for f in result.facts if f.kind in specific} == {"Austria"}


def test_negative_sample_has_no_facts() -> None:
    assert extract_file(SAMPLES / "en_negative_harvest.txt").facts == []


def test_json_form_leaves_out_fields_that_do_not_apply() -> None:
    result = extract("Some 900 permanent jobs will be created in Pavlodar.")
    out = result.to_json_dict(file="x.txt")
    assert list(out) == ["file", "language", "facts"]
    (fact,) = out["facts"]
    assert fact == {
        "kind": "jobs",
        "quote": "Some 900 permanent jobs will be created in Pavlodar",
        "char_start": 0,
        "char_end": 51,
        "value": 900,
        "unit": "jobs",
        "qualifier": "approximately",
        "region": "Pavlodar",
        "region_code": "KZ-55",
    }
    assert set(fact) <= set(FACT_FIELDS) and fact["kind"] in KINDS
    assert None not in fact.values()
    json.dumps(out, ensure_ascii=False)


def test_natasha_names_russian_companies_without_a_legal_form() -> None:
    from keruen.ingest.extraction import ner

    if not ner.available():
        pytest.skip("natasha is not installed")
    text = (
        "Акимат Павлодарской области и южнокорейская Daewon Chemical подписали соглашение о "
        "строительстве завода стоимостью 90 млн долларов."
    )
    (fact,) = extract(text, ner=True).facts
    assert (fact.kind, fact.value, fact.company) == ("agreement", 90_000_000, "Daewon Chemical")
    assert extract(text).facts[0].company is None  # no legal form, no "компания": NER only
    text = "Министерство энергетики и ТОО «Павлодар Полимер» подписали соглашение о строительстве."
    assert extract(text, ner=True).facts[0].company == "ТОО «Павлодар Полимер»"


_PIECES = [
    "Astana, 3 June 2025 – ",
    "Kazakh Invest and Orda Steel LLP signed an agreement",
    " worth ",
    "$1.2bn",
    "USD 450 mln",
    "1,5 млрд тенге",
    " (about 600 billion tenge)",
    " 1 200 ",
    "seven ",
    "projects",
    " рабочих мест",
    " jobs",
    ". ",
    ", of which ",
    "\n\n",
    " up to ",
    " не менее ",
    "– ",
    "•",
    ":",
    ";",
    "«",
    "»",
    "(",
    ")",
    " in Turkistan region",
    " в Туркестанской области",
    "подписано соглашение",
    " forum",
    " визит",
    "2024",
    "%",
    "Co., Ltd.",
    "ТОО «Дала»",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.text(max_size=40))
def test_any_text_gives_consistent_facts(pieces: list[str], noise: str) -> None:
    text = "".join(pieces) + noise
    result = extract(text)
    for f in result.facts:
        assert f.kind in KINDS
        assert 0 <= f.char_start < f.char_end <= len(result.text)
        assert result.text[f.char_start : f.char_end] == f.quote
        assert f.value is None or (isinstance(f.value, int) and f.value > 0)
        json.dumps(f.to_json_dict(), ensure_ascii=False)


def test_threads_share_the_extractor_safely() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))] * 8
    expected = [[f.to_json_dict() for f in extract(t).facts] for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: [f.to_json_dict() for f in extract(t).facts], texts))
    assert got == expected
