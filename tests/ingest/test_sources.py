import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keruen.ingest.sources import read_path

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test agency</title>
<item><title>Plant opens</title><link>https://example.org/a</link>
<pubDate>Tue, 04 Mar 2031 10:00:00 +0500</pubDate>
<description>&lt;p&gt;A plant worth $50 million opened in Pavlodar region.&lt;/p&gt;
</description></item>
<item><title>Empty</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry</title>
<entry><title>Forum</title><link href="https://example.org/b"/><updated>2031-05-01T00:00:00Z</updated>
<summary>Five agreements were signed.</summary></entry></feed>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<rss><channel><item><title>&lol2;</title></item></channel></rss>"""


def test_rss_items_with_dates_links_and_html_reduced(tmp_path) -> None:
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    items = list(read_path(tmp_path / "feed.xml"))
    assert len(items) == 1
    assert items[0].title == "Plant opens" and items[0].url == "https://example.org/a"
    assert items[0].published_on == dt.date(2031, 3, 4)
    assert items[0].publisher == "Test agency" and "<p>" not in items[0].text


def test_atom_entries(tmp_path) -> None:
    (tmp_path / "feed.atom").write_text(ATOM, encoding="utf-8")
    [entry] = list(read_path(tmp_path / "feed.atom"))
    assert entry.url == "https://example.org/b" and entry.published_on == dt.date(2031, 5, 1)


def test_entity_expansion_is_refused(tmp_path) -> None:
    (tmp_path / "bomb.xml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(ValidationError, match="refused"):
        list(read_path(tmp_path / "bomb.xml"))


def test_folder_text_with_header_lines_html_and_windows_1251(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(
        "https://example.kz/x\n2031-02-03\nBody text here.", encoding="utf-8"
    )
    (tmp_path / "b.html").write_text(
        "<html><head><title>Page</title></head><body><p>Hello</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "c.txt").write_bytes("Завод построят в Павлодаре.".encode("cp1251"))
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    items = {i.origin.rsplit("/", 1)[-1]: i for i in read_path(tmp_path)}
    assert set(items) == {"a.txt", "b.html", "c.txt"}
    assert items["a.txt"].text == "Body text here." and items["a.txt"].url == "https://example.kz/x"
    assert items["a.txt"].published_on == dt.date(2031, 2, 3)
    assert items["b.html"].html and items["b.html"].title == "Page"
    assert items["c.txt"].text.startswith("Завод")


def test_missing_path_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        list(read_path(tmp_path / "nope.txt"))
