import pytest

pytestmark = pytest.mark.django_db


def test_landing_page_shows_the_summary(client) -> None:
    from tests.factories import ProjectFactory

    ProjectFactory(title="Visible plant")
    ProjectFactory(confidentiality="restricted")
    r = client.get("/")
    assert r.status_code == 200
    assert r.context["s"].projects == 1  # the public sees public projects only


def test_admin_login_answers(client) -> None:
    assert client.get("/admin/login/").status_code == 200


def test_bootstrap_is_served_locally(client) -> None:
    r = client.get("/static/bootstrap/css/bootstrap.min.css")
    assert r.status_code == 200
