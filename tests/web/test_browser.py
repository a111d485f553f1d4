"""The web interface in a real browser (Debian's Chromium through Playwright): log in, the
dashboard figures equal `keruen summary`, the map is drawn, filtering by region changes the list,
a project is edited and the change shows in its history, the page switches to Kazakh, and it is
usable on a phone. Screenshots of each page go to test-output/screenshots/."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from keruen.accounts.services import user_create
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("browser"),
]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PASSWORD = "Bars-web-2026!x"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, which Django must be told.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _has_login_page() -> bool:
    try:
        resolve("/accounts/login/")
    except Resolver404:
        return False
    return True


def _log_in(ctx: Any, page: Any, base: str, username: str) -> None:
    """Through the login page when it is there; else with a session made for the user."""
    if _has_login_page():
        page.goto(f"{base}/accounts/login/?next=/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        return
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    cookie = client.cookies["sessionid"]
    ctx.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base}])


def _data() -> None:
    PortfolioFactory(slug="kz-cn", name="Kazakhstan–China")
    for n in range(6):
        ProjectFactory(
            code=f"P-ALM-{n}",
            title=f"Almaty plant {n}",
            title_kk=f"Алматы зауыты {n}",
            regions=["KZ-19"],
            portfolios=["kz-cn"],
            total_investment_amount=Decimal("1100000000"),
        )
    for n in range(4):
        ProjectFactory(
            code=f"P-ZHA-{n}",
            title=f"Taraz plant {n}",
            regions=["KZ-31"],
            portfolios=["kz-cn"],
            total_investment_amount=Decimal("500000000"),
            stage="construction",
        )
    user_create(actor=None, reason="test", username="coord", role="coordinator", password=PASSWORD)


def test_a_coordinator_works_through_the_pages(browser, live_server) -> None:
    _data()
    out = io.StringIO()
    call_command("summary", "--portfolio", "kz-cn", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    base = live_server.url

    ctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _log_in(ctx, page, base, "coord")

    # Dashboard: the figures of `keruen summary`, a map of 20 regions and the charts.
    page.goto(f"{base}/?portfolio=kz-cn")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#map-panel svg path")
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    assert page.inner_text("[data-figure=projects]") == str(summary["projects"])
    bn = f"{summary['investment_usd'] / 1e9:.1f}"
    assert page.inner_text("[data-figure=investment]") == f"USD {bn} bn"
    assert page.inner_text("[data-figure=agreements]") == str(summary["agreements"])
    assert page.locator("#map-panel svg path").count() >= 20
    assert page.locator(".chart svg").count() >= 5
    assert "coord" in page.inner_text("#whoami") and "coordinator" in page.inner_text("#whoami")

    # The map switches to counts without leaving the page, and the URL keeps the state.
    page.click("text=Number of projects")
    page.wait_for_function("location.search.includes('map=count')")
    page.wait_for_selector("#map-panel svg path")

    # Project list: choosing a region filters (htmx), the URL says which.
    page.goto(f"{base}/projects/")
    page.select_option("#id_region", "KZ-19")
    page.wait_for_function("location.search.includes('region=KZ-19')")
    page.wait_for_selector("text=6 projects")
    text = page.inner_text("#results")
    assert "P-ALM-0" in text and "P-ZHA-0" not in text
    page.screenshot(path=str(SHOTS / "projects-kz19.png"), full_page=True)

    # Open a project, edit it, and see the change in its history.
    with page.expect_navigation():
        page.click("text=P-ALM-0")
    page.wait_for_load_state("networkidle")
    assert "Almaty plant 0" in page.inner_text("h1")
    with page.expect_navigation():
        page.click("text=Edit")
    page.fill("#id_title", "Almaty glass plant 0")
    page.fill("#id_reason", "Akimat letter of 3 July")
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state("networkidle")
    history = page.inner_text("#history")
    assert "Almaty glass plant 0" in history and "Akimat letter of 3 July" in history
    page.screenshot(path=str(SHOTS / "project.png"), full_page=True)

    # Switch to Kazakh with the language switcher.
    with page.expect_navigation():
        page.select_option("#language-select", "kk")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert re.search(r"[әғқңөұүһі]", page.inner_text("body").lower())
    page.goto(f"{base}/?portfolio=kz-cn")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / "dashboard-kk.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert re.search(r"[әғқңөұүһі]", page.inner_text("body").lower())
    assert errors == []
    ctx.close()


def test_the_language_follows_the_browser_and_the_pages_fit_a_phone(browser, live_server) -> None:
    _data()
    base = live_server.url
    ctx = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = ctx.new_page()
    page.goto(f"{base}/?portfolio=kz-cn")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "ru"
    # Nothing wider than the screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.screenshot(path=str(SHOTS / "dashboard-phone-ru.png"), full_page=True)
    # The menu opens from the toggler; the skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav-main.show")
    page.goto(f"{base}/projects/?region=KZ-19")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.screenshot(path=str(SHOTS / "projects-phone-ru.png"), full_page=True)
    ctx.close()
