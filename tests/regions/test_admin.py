import pytest
from django.contrib.auth import get_user_model

from tests.regions.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_initiatives(client) -> None:
    ini = InitiativeFactory()
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "Correct-Horse-42")
    client.force_login(admin)
    assert client.get("/admin/regions/initiative/").status_code == 200
    assert client.get(f"/admin/regions/initiative/{ini.pk}/change/").status_code == 200
    assert client.get("/admin/regions/initiative/add/").status_code == 403
