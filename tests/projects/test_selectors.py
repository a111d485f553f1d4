import pytest

from keruen.projects.selectors import ProjectFilters, project_list
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_filters_by_region_sector_and_stage() -> None:
    a = ProjectFactory(regions=["KZ-19"], sectors=["energy"], stage="construction")
    b = ProjectFactory(regions=["KZ-31", "KZ-19"], sectors=["mining"])
    assert list(project_list(user=None, filters=ProjectFilters(region="KZ-19"))) == [a, b]
    assert list(project_list(user=None, filters=ProjectFilters(region="KZ-31"))) == [b]
    assert list(project_list(user=None, filters=ProjectFilters(sector="energy"))) == [a]
    assert list(project_list(user=None, filters=ProjectFilters(stage="construction"))) == [a]


def test_anonymous_readers_see_public_projects_only() -> None:
    from django.contrib.auth.models import AnonymousUser

    public = ProjectFactory()
    ProjectFactory(confidentiality="restricted")
    assert list(project_list(user=AnonymousUser())) == [public]
