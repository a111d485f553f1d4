"""One story, many outlets: keys and groups of facts across documents (extraction.stories)."""

import datetime as dt
from decimal import Decimal

from keruen.ingest.extraction import extract, stories


def _keys(text: str) -> dict[tuple[str, int | None], str]:
    facts = [f.to_json_dict(with_rule=True) for f in extract(text).facts]
    story = stories.story_of(facts)
    return {(f["kind"], f.get("value")): stories.group_key(f, "", story) for f in facts}


def test_totals_take_the_story_of_their_document() -> None:
    en = _keys(
        "Kazakh and Chinese companies signed 58 documents worth $24 billion at the "
        "Kazakhstan–China Business Forum in Astana."
    )
    kk = _keys(
        "Астанада Қазақстан-Қытай бизнес-форумы өтті.\n"
        "Форум барысында жалпы сомасы 24 млрд доллар болатын 58 құжатқа қол қойылды."
    )
    for fact in (("event", None), ("agreement_count", 58), ("agreement_value", 24_000_000_000)):
        assert en[fact] == kk[fact]
    assert en[("event", None)] == "event|story|forum:KZ-71:China"


def test_a_document_without_an_event_keys_by_place_partner_and_company() -> None:
    fact = {"kind": "project", "region_code": "KZ-31", "counterparty_country": "China"}
    assert stories.story_of([fact]) == ""
    assert stories.group_key(fact, "fufeng", "") == "project|KZ-31|China|fufeng"
    # Single projects keep their own key even inside a story.
    assert stories.group_key(fact, "fufeng", "forum:KZ-71:China") == "project|KZ-31|China|fufeng"


def test_same_news_splits_by_date_and_by_value() -> None:
    day = dt.date(2031, 9, 2)
    items = [
        ("total en", day, Decimal(24)),
        ("total ru", day + dt.timedelta(days=1), Decimal(25)),
        ("part", day, Decimal(6)),
        ("next year", day + dt.timedelta(days=300), Decimal(24)),
        ("undated", None, Decimal(24)),
    ]
    groups = stories.same_news(items, lambda i: i[1], lambda i: i[2])
    names = sorted(sorted(i[0] for i in g) for g in groups)
    assert names == [
        ["next year", "undated"],
        ["part"],
        ["total en", "total ru", "undated"],
    ]


def test_each_event_is_its_own_story() -> None:
    forum = {"kind": "event", "rule": "event.forum", "region_code": "KZ-71"}
    visit = {"kind": "event", "rule": "event.visit", "counterparty_country": "China"}
    story = stories.story_of([forum, visit])
    assert story == "forum:KZ-71:"
    assert stories.group_key(visit, "", story) == "event|story|visit::China"
    total = {"kind": "agreement_count", "value": 58}
    assert stories.group_key(total, "", story) == "agreement_count|story|forum:KZ-71:"
