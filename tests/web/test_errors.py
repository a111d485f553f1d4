"""403, 404 and 500 pages: in the reader's language, with the menu and a way back; the 500 page
renders without the database."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.utils import translation

from keruen.accounts.services import user_create
from keruen.web.errors import server_error

pytestmark = pytest.mark.django_db


def test_404_is_styled_translated_and_offers_the_menu(client) -> None:
    r = client.get("/projects/NO-SUCH/", HTTP_ACCEPT_LANGUAGE="ru")
    html = r.content.decode()
    assert r.status_code == 404
    assert 'lang="ru"' in html and 'id="nav-main"' in html
    assert "Страница не найдена" in html


def test_403_names_the_reason_and_links_back(client) -> None:
    user = user_create(
        actor=None, reason="t", username="a", role="analyst", password="Bars-web-2026!x"
    )
    client.force_login(user)
    r = client.get("/agreements/new/", HTTP_REFERER="http://testserver/agreements/")
    html = r.content.decode()
    assert r.status_code == 403 and 'id="nav-main"' in html
    assert 'href="http://testserver/agreements/"' in html


def test_500_renders_without_touching_the_database() -> None:
    request = RequestFactory().get("/")
    with translation.override("kk"), connection.execute_wrapper(_no_queries):
        r = server_error(request)
    assert r.status_code == 500 and 'lang="kk"' in r.content.decode()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_500_handler_answers_503_for_a_database_that_went_away(error) -> None:
    page, api = RequestFactory().get("/projects/"), RequestFactory().get("/api/v1/projects/")
    try:
        raise error("server closed the connection unexpectedly")
    except error:
        with translation.override("ru"), connection.execute_wrapper(_no_queries):
            answers = server_error(page), server_error(api)
    for r in answers:
        assert r.status_code == 503 and r["Retry-After"] == "5"
    assert answers[0]["Content-Type"].startswith("text/plain")
    assert "База данных" in answers[0].content.decode()
    assert answers[1]["Content-Type"] == "application/problem+json"
    assert json.loads(answers[1].content)["status"] == 503


def test_500_handler_answers_500_for_other_errors() -> None:
    try:
        raise ValueError("a bug")
    except ValueError:
        r = server_error(RequestFactory().get("/projects/"))
    assert r.status_code == 500 and "Retry-After" not in r


def _no_queries(*args, **kwargs):
    raise AssertionError("the 500 page queried the database")
