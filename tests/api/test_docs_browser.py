"""The interactive API docs (Swagger UI, served offline by ninja) render the operations in a real
Chromium: a broken openapi.json shows "Parser error" and no operation blocks. keruen/api/docs.py
skips Swagger UI's eager resolution of the security schemes, so an opened operation must still
resolve its responses and the Authorize dialog must still list both schemes."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("browser"),
]


def test_the_api_docs_render_their_operations(browser, live_server) -> None:  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", state="attached", timeout=30000)
    assert "Parser error" not in page.content()
    assert page.locator(".opblock").count() >= 10

    projects = page.locator(".opblock-get", has_text="/api/v1/projects/{code}").first
    projects.locator(".opblock-summary").click()
    codes = projects.locator(".responses-table .response-col_status")
    codes.first.wait_for(timeout=30000)
    assert {"200", "401", "404"} <= {c.strip() for c in codes.all_inner_texts()}

    page.locator(".btn.authorize").click()
    page.locator(".auth-container").first.wait_for()
    schemes = " ".join(page.locator(".auth-container h4").all_inner_texts())
    assert "TokenAuth" in schemes and "SessionAuth" in schemes
    assert errors == []
