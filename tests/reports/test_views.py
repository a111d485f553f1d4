"""The dashboard: figures through the reader's access, charts and map specs, links to lists."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PortfolioFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_summary_the_public_may_see(client) -> None:
    ProjectFactory(title="Visible plant")
    ProjectFactory(confidentiality="restricted")
    r = client.get("/")
    assert r.status_code == 200
    assert r.context["s"].projects == 1  # the public sees public projects only


def test_dashboard_figures_link_to_their_lists(client) -> None:
    PortfolioFactory(slug="kz-cn", name="KZ-CN")
    ProjectFactory(portfolios=["kz-cn"], total_investment_amount="66400000000")
    r = client.get("/?portfolio=kz-cn")
    html = r.content.decode()
    assert "USD 66.4 bn" in html
    assert 'href="/projects/?portfolio=kz-cn"' in html
    assert "/projects/?portfolio=kz-cn&amp;region=KZ-19" in html


def test_dashboard_numbers_follow_the_language(client) -> None:
    ProjectFactory(total_investment_amount="66400000000")
    r = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert r.context["LANGUAGE_CODE"] == "ru"
    assert '<html lang="ru">' in r.content.decode()
    assert "66,4" in r.content.decode()


def test_dashboard_carries_valid_vega_lite_specs(client) -> None:
    ProjectFactory()
    r = client.get("/")
    html = r.content.decode()
    for name in ("spec-map", "spec-stage", "spec-sector", "spec-country", "spec-time"):
        start = html.index(f'id="{name}"')
        body = html[html.index(">", start) + 1 : html.index("</script>", start)]
        spec = json.loads(body)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_map_partial_switches_the_measure(client) -> None:
    ProjectFactory()
    r = client.get("/?map=count&partial=map", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith("<section")
    spec = json.loads(
        html[html.index(">", html.index('id="spec-map"')) + 1 : html.rindex("</script>")]
    )
    shapes, *labels = spec["layer"]  # the regions, then their names over them
    assert shapes["encoding"]["color"]["field"] == "projects"
    assert [layer["mark"]["type"] for layer in labels] == ["text", "text"]


def test_dashboard_query_count_does_not_grow_with_projects(client) -> None:
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    ProjectFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(5):
        ProjectFactory(regions=["KZ-75"], sectors=["energy"])
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    # By-sector figures take one query per sector shown; nothing grows with the projects.
    assert len(many) <= len(few) + 2


def test_admin_login_answers(client) -> None:
    assert client.get("/admin/login/").status_code == 200
