"""The pages on a phone and the Kazakh header on a desktop, in Chromium, with the demo's data:
at 390 px no page scrolls sideways (in the longest language, Kazakh, and in English), a list
shows its rows before its filters, and the Kazakh menu stays on one line from 1200 px."""

from __future__ import annotations

from typing import Any

import pytest

from keruen.accounts.services import user_create
from keruen.demo.loader import load_demo
from tests.web.test_browser import PASSWORD, SHOTS, _log_in, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("browser"),
]

PHONE = {"width": 390, "height": 844}
MAIN_PAGES = [
    "/",
    "/projects/",
    "/projects/KZCN-001/",
    "/agreements/",
    "/agreements/CAC25-01/",
    "/events/",
    "/events/ca-china-forum-2025/",
    "/organizations/",
    "/organizations/mfa/",
    "/instructions/",
    "/instructions/1/",
    "/instructions/scorecard/",
    "/meetings/",
    "/regions/",
    "/regions/KZ-19/",
    "/initiatives/",
    "/targets/",
    "/targets/fdi-150bn-2025-2029/",
    "/funnel/",
    # the create and edit pages of issue 16
    "/agreements/new/",
    "/organizations/new/",
    "/projects/KZCN-001/investors/",
    "/projects/KZCN-001/milestones/new/",
    "/initiatives/new/",
]


def _signed_in(chromium: Any, base: str, lang: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    ctx = chromium.new_context(
        locale=lang, viewport=viewport, extra_http_headers={"Accept-Language": lang}
    )
    page = ctx.new_page()
    _log_in(ctx, page, base, "coord")
    return ctx, page


def test_no_page_scrolls_sideways_on_a_phone_and_lists_show_rows_first(
    browser,  # noqa: F811
    live_server,
) -> None:
    load_demo()
    user_create(actor=None, reason="test", username="coord", role="coordinator", password=PASSWORD)
    base = live_server.url
    for lang in ("kk", "en"):
        ctx, page = _signed_in(browser, base, lang, PHONE)
        wide = {}
        for path in MAIN_PAGES:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 2:
                wide[path] = width
        assert wide == {}, f"{lang}: pages wider than the phone"

        # The project list: filters folded behind a button, the first row on the first screen.
        page.goto(f"{base}/projects/?region=KZ-19")
        page.wait_for_load_state("networkidle")
        assert not page.is_visible("#filters-panel")
        assert page.inner_text("[data-bs-target='#filters-panel'] .badge") == "1"
        first_row = page.locator("#results tbody tr").first.bounding_box()
        assert first_row is not None and first_row["y"] < PHONE["height"]
        page.click("[data-bs-target='#filters-panel']")
        page.wait_for_selector("#filters-panel.show")
        assert page.is_visible("#id_region")
        page.screenshot(path=str(SHOTS / f"projects-phone-{lang}.png"), full_page=True)
        ctx.close()

    # Kazakh, the longest menu, on one line at desktop widths.
    for width in (1200, 1400):
        ctx, page = _signed_in(browser, base, "kk", {"width": width, "height": 900})
        page.goto(f"{base}/")
        page.wait_for_load_state("networkidle")
        tops = page.evaluate(
            "[...document.querySelectorAll('#nav-main .nav-link, #whoami, #language-select')]"
            ".map(e => Math.round(e.getBoundingClientRect().top + e.offsetHeight / 2))"
        )
        assert max(tops) - min(tops) <= 4, f"the menu wraps at {width} px: {tops}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"header-kk-{width}.png"))
        ctx.close()
