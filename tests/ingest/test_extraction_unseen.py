"""Patterns of press text the development set does not hold (issue 21): Kazakh figures and hedges,
ranges, a project told over several sentences, parts of totals, events by order and by body."""

from __future__ import annotations

import pytest

from keruen.ingest.extraction import extract
from keruen.ingest.extraction.numbers import find_numbers


def summary(text: str) -> set[tuple]:
    result = extract(text)
    for f in result.facts:
        assert text[f.char_start : f.char_end] == f.quote
    return {(f.kind, f.value, f.currency or f.unit, f.qualifier) for f in result.facts}


# -- Kazakh figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("66,4 млрд АҚШ доллары", 66_400_000_000, "USD", None),
        ("50 мыңға жуық жұмыс орны", 50_000, None, "nearly"),
        ("6 млрд доллардан астам", 6_000_000_000, "USD", "more than"),
        ("500 млн долларға дейін", 500_000_000, "USD", "up to"),
        ("700-ге жуық адам", 700, None, "nearly"),
        ("1,3 трлн теңгенің", 1_300_000_000_000, "KZT", None),
        ("кемінде 150 млрд доллар", 150_000_000_000, "USD", "at least"),
        ("шамамен 3 500 жұмыс орны", 3500, None, "approximately"),
        ("2,3 млрд еуро", 2_300_000_000, "EUR", None),
        ("жеті құжатқа", 7, None, None),
    ],
)
def test_kazakh_numbers_with_case_endings_and_hedges_after_them(
    text: str, value: int, currency: str | None, qualifier: str | None
) -> None:
    n = find_numbers(text, language="kk")[0]
    assert (n.value, n.currency, n.qualifier) == (value, currency, qualifier)


def test_kazakh_number_words_are_read_only_in_kazakh() -> None:
    assert find_numbers("Он позволит создать рабочие места.", language="ru") == []


def test_a_kazakh_release_yields_counts_amounts_jobs_and_targets() -> None:
    text = (
        "Қазіргі уақытта жалпы құны 66,4 млрд АҚШ доллары болатын 224 жоба жүзеге асырылуда. "
        "Бұл жобалар 50 мыңға жуық жұмыс орнын ашады.\n"
        "Құрылыс кезінде 2 мыңға жуық адам жұмыспен қамтылады.\n"
        "Мемлекет басшысы 2029 жылға дейін кемінде 150 млрд доллар тікелей шетелдік инвестиция "
        "тарту міндетін қойды."
    )
    assert summary(text) == {
        ("investment_amount", 66_400_000_000, "USD", None),
        ("project_count", 224, "projects", None),
        ("jobs", 50_000, "jobs", "nearly"),
        ("jobs", 2000, "construction jobs", "nearly"),
        ("target", 150_000_000_000, "USD", "at least"),
    }


def test_a_kazakh_forum_gives_its_event_documents_and_their_value() -> None:
    text = (
        "Астанада Қазақстан-Қытай бизнес-форумы өтті.\n"
        "Форум барысында жалпы сомасы 24 млрд доллар болатын 58 құжатқа қол қойылды.\n"
        "Оның ішінде 6 млрд долларға 7 келісім Алматы облысындағы жобаларға қатысты."
    )
    facts = extract(text).facts
    assert {(f.kind, f.value) for f in facts} == {
        ("event", None),
        ("agreement_count", 58),
        ("agreement_value", 24_000_000_000),
        ("agreement_count", 7),
        ("agreement_value", 6_000_000_000),
    }
    event = next(f for f in facts if f.kind == "event")
    assert (event.region, event.region_code, event.counterparty_country) == (
        "Астанада",
        "KZ-71",
        "China",
    )
    part = next(f for f in facts if f.kind == "agreement_count" and f.value == 7)
    assert part.region == "Алматы облысындағы" and part.region_code == "KZ-19"


# -- ranges and hedges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Стоимость проекта составит от 2 до 3 млрд долларов.", (3_000_000_000, "USD", "up to")),
        ("The project may cost from $400 to $500 million.", (500_000_000, "USD", "up to")),
        ("Жобаның құны 400-ден 500 млн долларға дейін бағаланады.", (500_000_000, "USD", "up to")),
        (
            "The plant's cost is estimated at between $2 billion and $3 billion.",
            (3_000_000_000, "USD", "up to"),
        ),
        (
            "Стоимость завода составит от 500 млн долларов до 1 млрд долларов.",
            (1_000_000_000, "USD", "up to"),
        ),
    ],
)
def test_a_range_is_its_upper_end_up_to(text: str, fact: tuple) -> None:
    assert summary(text) == {("project", *fact)}


def test_a_part_of_one_projects_value_is_no_second_project() -> None:
    text = (
        "Инвестиции в проект составят порядка 2 млрд долларов, "
        "из них не менее 500 млн — на первую очередь."
    )
    assert summary(text) == {("project", 2_000_000_000, "USD", "approximately")}


def test_parts_of_signed_totals_are_facts_of_their_own() -> None:
    text = (
        "Kazakh and Chinese companies signed 58 documents worth $24 billion. "
        "Of these, 7 agreements worth $6 billion concern projects in Almaty region."
    )
    assert summary(text) == {
        ("agreement_count", 58, "documents", None),
        ("agreement_value", 24_000_000_000, "USD", None),
        ("agreement_count", 7, "agreements", None),
        ("agreement_value", 6_000_000_000, "USD", None),
    }


def test_of_these_counts_take_the_noun_before() -> None:
    text = "Today our portfolio has 410 projects worth $62 billion. Of these, 96 are under way."
    assert ("project_count", 96, "projects", None) in summary(text)


# -- one project over several sentences ----------------------------------------------------------


def test_a_project_introduced_and_priced_later_is_one_project_with_its_investor_and_place() -> None:
    text = (
        "A new aluminium rolling mill will be built in Pavlodar by Eurasian Resources Group.\n"
        "According to the akimat, the cost of the project is 210 billion tenge.\n"
        "It is expected to create 650 new jobs."
    )
    facts = extract(text).facts
    projects = [f for f in facts if f.kind == "project"]
    assert len(projects) == 1
    p = projects[0]
    assert (p.value, p.currency, p.region, p.company) == (
        210_000_000_000,
        "KZT",
        "Pavlodar",
        "Eurasian Resources Group",
    )
    assert p.quote.startswith("According to the akimat")
    assert ("jobs", 650) in {(f.kind, f.value) for f in facts}
    assert p.jobs == 650 and p.to_json_dict()["jobs"] == 650


def test_a_project_never_priced_stays_where_it_is_introduced() -> None:
    text = (
        "A new aluminium rolling mill will be built in Pavlodar by Eurasian Resources Group.\n"
        "The mill will roll 120,000 tonnes a year."
    )
    assert [f.kind for f in extract(text).facts] == ["project"]


# -- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 8th meeting of the Business Council on investment was held in Astana.",
        "Astana hosted the Foreign Investors' Council plenary session on investment.",
        "В Анкаре прошло 5-е заседание Казахстанско-турецкого делового совета по инвестициям.",
        "Стамбулда Қазақстан-Түркия іскерлік кеңесінің бесінші отырысы өтті, инвестиция сөз болды.",
    ],
)
def test_a_session_of_a_council_is_one_event(text: str) -> None:
    assert [f.kind for f in extract(text).facts] == ["event"]


def test_a_government_session_is_an_event() -> None:
    text = "At the Government session chaired by the Prime Minister, investment was considered."
    assert [f.kind for f in extract(text).facts] == ["event"]


def test_talks_after_a_visit_belong_to_the_visit() -> None:
    text = (
        "Президент прибыл с государственным визитом в ОАЭ.\n"
        "В ходе переговоров стороны обсудили совместные инвестиционные проекты."
    )
    assert [f.kind for f in extract(text).facts] == ["event"]


def test_a_pronoun_carries_the_value_to_the_production_named_before() -> None:
    text = (
        "В Костанайской области компания ТОО «Agromash Holding» запустит производство тракторов. "
        "Его стоимость – 45 млрд тенге."
    )
    (project,) = extract(text).facts
    assert (project.kind, project.value, project.company, project.region) == (
        "project",
        45_000_000_000,
        "ТОО «Agromash Holding»",
        "Костанайской области",
    )


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("Investment agreements were discussed on the sidelines of AIF-2025 in Astana.", 1),
        ("The Kazakhstan–EU business platform gathered 300 investors in Almaty.", 1),
        (
            "An investment agreement was signed on the sidelines of the 12th meeting of the "
            "Kazakhstan–Türkiye Intergovernmental Commission.",
            1,
        ),
    ],
)
def test_the_sidelines_of_an_unnamed_gathering_are_an_event_once(text: str, events: int) -> None:
    assert [f.kind for f in extract(text).facts].count("event") == events
