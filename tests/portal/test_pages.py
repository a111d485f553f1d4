"""The public pages: no sign-in, cacheable (ETag, Last-Modified, 304), indexable (sitemap,
robots.txt, canonical URL), in the three languages, each record with sources and a citation."""

from __future__ import annotations

import pytest
from django.test import Client

from keruen.core.models import Confidentiality
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects() -> None:
    ProjectFactory(code="P-1", title="Public plant", title_ru="Открытый завод")
    ProjectFactory(code="P-2", title="Secret smelter", confidentiality=Confidentiality.RESTRICTED)


def test_a_project_page_needs_no_sign_in_and_cites_itself(projects: None) -> None:
    response = Client().get("/open/projects/P-1/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Public plant" in text
    assert 'rel="canonical" href="http://testserver/open/projects/P-1/"' in text
    assert 'Keruen, project <span translate="no">P-1</span>, retrieved' in text
    assert 'id="h-sources"' in text and 'id="report-error"' in text
    assert "Set-Cookie" not in response


def test_an_unchanged_page_answers_304(projects: None) -> None:
    client = Client()
    first = client.get("/open/projects/")
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get("/open/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/open/projects/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    ProjectFactory(code="P-3", title="New plant")
    assert client.get("/open/projects/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_search_and_filters_list_public_projects_only(projects: None) -> None:
    text = Client().get("/open/projects/?q=plant").content.decode()
    assert "P-1" in text
    assert "Secret smelter" not in Client().get("/open/projects/?q=smelter").content.decode()


def test_lang_makes_a_shareable_page_in_that_language(projects: None) -> None:
    response = Client().get("/open/projects/P-1/?lang=ru")
    assert response["Content-Language"] == "ru"
    assert "Открытый завод" in response.content.decode()
    assert "Источники" in response.content.decode()


def test_the_sitemap_lists_public_pages_only(projects: None) -> None:
    text = Client().get("/sitemap.xml").content.decode()
    assert "http://testserver/open/projects/P-1/" in text
    assert "P-2" not in text


def test_robots_txt_opens_the_portal_and_points_to_the_sitemap() -> None:
    text = Client().get("/robots.txt").content.decode()
    assert "Allow: /open/" in text and "Disallow: /\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_feed_is_atom_of_public_changes(projects: None) -> None:
    response = Client().get("/open/changes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "/open/projects/P-1/" in text
    assert "Secret smelter" not in text


def test_the_regions_page_names_regions_in_the_asked_language(projects: None) -> None:
    from keruen.reference.models import Region

    region = Region.objects.get(code="KZ-19")
    text = Client().get("/open/regions/?lang=ru").content.decode()
    assert region.name_ru and region.name_ru in text
    assert "/open/regions/KZ-19/" in text
