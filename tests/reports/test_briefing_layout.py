"""Page 1 of the brief: the headline cards never overlap or leave the paper, in kk/ru/en, with
the longest figures a portfolio can have (USD 1,234.5 bn, 1,000,000 jobs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import weasyprint
from django.conf import settings

from keruen.reports.briefing import briefing_build, briefing_render_html
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def first_page_words(html: str) -> tuple[float, list[tuple[float, float, float, float, str]]]:
    """The right edge of page 1's printable area (inside the margins) and each text fragment of
    the page as (x0, y0, x1, y1, text), in CSS pixels."""
    from weasyprint.formatting_structure.boxes import TextBox

    def walk(box: Any) -> Iterator[Any]:
        if isinstance(box, TextBox):
            yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    doc = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    page = doc.pages[0]
    root = page._page_box.children[0]  # the <html> box, inside the page's margins
    words = [
        (b.position_x, b.position_y, b.position_x + b.width, b.position_y + b.height, b.text)
        for b in walk(page._page_box)
        if b.text.strip()
    ]
    return root.content_box_x() + root.width, words


def problems(right: float, words: list[tuple[float, float, float, float, str]]) -> list[str]:
    found = [f"past the margin: {w[4]!r}" for w in words if w[2] > right + 0.5]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            ix = min(a[2], b[2]) - max(a[0], b[0])
            iy = min(a[3], b[3]) - max(a[1], b[1])
            if ix > 0.5 and iy > 0.5:
                found.append(f"overlap: {a[4]!r} and {b[4]!r}")
    return found


@pytest.fixture
def portfolio() -> str:
    PortfolioFactory(slug="big")
    ProjectFactory(portfolios=["big"])
    return "big"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_headline_cards_fit_with_the_longest_figures(portfolio: str, language: str) -> None:
    b = briefing_build(user=None, portfolio=portfolio, language=language)
    huge = dataclasses.replace(
        b,
        headline=dataclasses.replace(
            b.headline,
            projects=12_345,
            investment_usd=Decimal("1234.5e9"),
            foreign_investment_usd=Decimal("987.6e9"),
            jobs_planned=1_000_000,
            agreements=1_234,
            agreements_value_usd=Decimal("1234.5e9"),
        ),
    )
    html = briefing_render_html(huge)
    right, words = first_page_words(html)
    assert any("234" in w[4] for w in words)
    assert problems(right, words) == []
