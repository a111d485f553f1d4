"""Issue 16's daily work in a real Chromium: the Almaty region's editor opens a project of the
region, adds its investor by typing the investor's Chinese name into the organization picker (never
its code), saves with a reason, and sees the investor on the project's page.

The picker may find names on the server as you type or among options it already holds, so the test
waits for the option to appear, never for a network response."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from keruen.accounts.services import user_create
from keruen.projects.models import Project
from tests.factories import OrganizationFactory, ProjectFactory
from tests.web.test_browser import PASSWORD, _log_in, browser  # noqa: F401  (shared fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("browser"),
]


def choose(page: Any, name: str, typed: str, shown: str) -> None:
    """Type `typed` into the picker of field `name`, wait for the option that reads `shown` and
    choose it."""
    select_id = page.locator(f"select[name={name}]").get_attribute("id")
    page.locator(f"select[name={name}] + .ts-wrapper .ts-control").click()
    page.locator(f"#{select_id}-ts-control").fill(typed)
    dropdown = page.locator(f"#{select_id}-ts-dropdown")
    option = dropdown.locator(".option", has_text=shown).first
    option.wait_for(state="visible")
    option.click()
    page.locator("h1").click()  # away: the dropdown closes and covers the next field no more
    assert not dropdown.is_visible()


def test_the_almaty_editor_adds_an_investor_by_its_chinese_name(browser, live_server) -> None:  # noqa: F811
    ProjectFactory(code="KZCN-901", title="Zharkent tractor works", regions=["KZ-19"])
    OrganizationFactory(code="hengtai", name="Hengtai Agro", aliases=[("恒泰农机", "hanzi")])
    OrganizationFactory(code="hengda", name="Hengda Steel")  # a near name the picker must not pick
    user_create(
        actor=None,
        reason="t",
        username="editor-almaty",
        role="regional_editor",
        regions=["KZ-19"],
        password=PASSWORD,
    )
    ctx = browser.new_context(locale="en-US")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    _log_in(ctx, page, base, "editor-almaty")

    page.goto(f"{base}/projects/KZCN-901/")
    with page.expect_navigation():
        page.click("text=Add or remove")
    page.wait_for_load_state("networkidle")
    choose(page, "organization", "恒泰", "Hengtai Agro")
    page.select_option("select[name=role]", "co_investor")
    page.fill("input[name=share]", "35")
    page.fill("input[name=reason]", "agreement of 17 June")
    with page.expect_navigation():
        page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    investor = Project.objects.get(code="KZCN-901").investors.get()
    assert (investor.organization.code, investor.share) == ("hengtai", Decimal("35"))
    assert page.url == f"{base}/projects/KZCN-901/#h-investors"
    investors = page.locator("table[aria-labelledby=h-investors]").inner_text()
    assert "Hengtai Agro" in investors and "Hengda Steel" not in investors
    assert errors == []
    ctx.close()
