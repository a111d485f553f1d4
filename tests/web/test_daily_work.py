"""Issue 16's daily work in a real Chromium, by typing names into the pickers (Tom Select), never a
code and never the admin: the Almaty editor creates an agreement for an Almaty-region project
(its event, party and project found by name, the party by its Chinese name), adds an investor with
a share to the project and a milestone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from keruen.accounts.services import user_create
from keruen.agreements.models import Agreement
from keruen.agreements.services import event_create
from keruen.projects.models import Project
from tests.factories import OrganizationFactory, ProjectFactory
from tests.web.test_browser import PASSWORD, _log_in, browser  # noqa: F401  (shared fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("browser"),
]


def pick(page: Any, name: str, typed: str, shown: str) -> None:
    """Type `typed` into the picker of field `name` and choose the option that reads `shown`."""
    field = page.locator(f"select[name={name}]")
    control = page.locator(f"#{field.get_attribute('id')}-ts-control")
    page.locator(f"select[name={name}] + .ts-wrapper .ts-control").click()
    if field.get_attribute("data-url"):  # the names come from the server as you type
        with page.expect_response(lambda r: "/lookup/" in r.url and "q=" in r.url):
            control.fill(typed)
    else:
        control.fill(typed)
    dropdown = page.locator(f"#{field.get_attribute('id')}-ts-dropdown")
    dropdown.locator(".option", has_text=shown).first.click()
    page.locator("h1").click()  # away: the dropdown closes and covers the next field no more
    assert not dropdown.is_visible()


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_the_almaty_editor_works_by_names(browser, live_server) -> None:  # noqa: F811
    project = ProjectFactory(code="KZCN-901", title="Zharkent tractor works", regions=["KZ-19"])
    OrganizationFactory(code="hengtai", name="Hengtai Agro", aliases=[("恒泰农机", "hanzi")])
    event_create(
        actor=None,
        reason="t",
        slug="ca-china-forum-2025",
        title="Central Asia – China business forum",
        kind="forum",
        starts_on=dt.date(2025, 6, 17),
        region=None,
    )
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
    base = live_server.url
    _log_in(ctx, page, base, "editor-almaty")

    page.goto(f"{base}/agreements/new/")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", "Tractor assembly plant")
    page.fill("input[name=signed_on]", "2025-06-17")
    pick(page, "event", "China business", "Central Asia – China business forum")
    pick(page, "region", "Almaty Region", "Almaty Region")
    pick(page, "parties", "恒泰", "Hengtai Agro")
    pick(page, "projects", "tractor", "Zharkent tractor works")
    page.fill("input[name=value_amount]", "1,250,000")
    pick(page, "value_currency", "dollar", "US dollar")
    page.fill("input[name=reason]", "signed at the forum")
    submit(page)
    agreement = Agreement.objects.get(title="Tractor assembly plant")
    assert page.url.endswith(agreement.get_absolute_url())
    assert agreement.event.slug == "ca-china-forum-2025"
    assert agreement.region.code == "KZ-19"
    assert [p.organization.code for p in agreement.parties.all()] == ["hengtai"]
    assert list(agreement.projects.all()) == [project]
    assert agreement.value_amount == Decimal("1250000")

    page.goto(f"{base}/projects/KZCN-901/investors/")
    page.wait_for_load_state("networkidle")
    pick(page, "organization", "Hengtai", "Hengtai Agro")
    page.select_option("select[name=role]", "co_investor")
    page.fill("input[name=share]", "35")
    page.fill("input[name=reason]", "agreement of 17 June")
    submit(page)
    investor = Project.objects.get(code="KZCN-901").investors.get()
    assert (investor.organization.code, investor.share) == ("hengtai", Decimal("35"))

    page.goto(f"{base}/projects/KZCN-901/milestones/new/")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kind]", "land")
    page.fill("input[name=planned_on]", "2025-09-01")
    page.fill("input[name=reason]", "akimat decision")
    submit(page)
    milestone = project.milestones.get()
    assert (milestone.kind, milestone.planned_on) == ("land", dt.date(2025, 9, 1))
    assert "/admin/" not in page.url
    ctx.close()
