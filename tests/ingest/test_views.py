"""The review pages."""

import pytest
from tests.accounts.factories import make_user
from tests.factories import ProjectFactory

from keruen.ingest.models import Document

pytestmark = pytest.mark.django_db

TEXT = (
    "Kostanay, 1 July 2031 – An agricultural machinery plant worth $60 million will be "
    "built in Kostanay region, creating 300 permanent jobs."
)


def login(client, role: str):
    user = make_user(role, password="Review-Pass-2031")
    client.force_login(user)
    return user


def test_the_queue_needs_a_sign_in(client) -> None:
    r = client.get("/ingest/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_paste_highlight_and_accept_from_the_page(client) -> None:
    login(client, "coordinator")
    r = client.post("/ingest/", {"title": "Machinery plant", "text": TEXT})
    assert r.status_code == 302
    doc = Document.objects.get()
    page = client.get(r["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "<mark" in body and "300 permanent jobs" in body
    project = ProjectFactory(jobs_planned=None)
    jobs = doc.facts.get(kind="jobs")
    r = client.post(f"/ingest/facts/{jobs.pk}/accept/", {"project": project.code})
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.jobs_planned == 300


def test_a_bad_accept_shows_the_field_error_and_changes_nothing(client) -> None:
    login(client, "coordinator")
    client.post("/ingest/", {"title": "Machinery plant", "text": TEXT})
    jobs = Document.objects.get().facts.get(kind="jobs")
    r = client.post(f"/ingest/facts/{jobs.pk}/accept/", {"project": "NOPE"}, follow=True)
    assert "NOPE" in r.content.decode()
    jobs.refresh_from_db()
    assert jobs.status == "proposed"


def test_analysts_read_but_are_offered_no_review(client) -> None:
    login(client, "coordinator")
    client.post("/ingest/", {"title": "Machinery plant", "text": TEXT})
    client.logout()
    login(client, "analyst")
    doc = Document.objects.get()
    body = client.get(f"/ingest/documents/{doc.pk}/").content.decode()
    assert "Accept into the registry" not in body
    assert client.post("/ingest/", {"title": "x", "text": "y"}).status_code == 403
    conflicts = client.get("/ingest/conflicts/")
    assert conflicts.status_code == 200


def test_one_forum_from_two_outlets_in_two_languages_shows_as_one_group(client) -> None:
    """The review queue's groups page puts the en and the ru release of one forum together."""
    login(client, "coordinator")
    en = (
        "Astana, 2 September 2031 – Kazakh and Chinese companies signed 58 documents worth "
        "$24 billion at the Kazakhstan–China Business Forum in Astana."
    )
    ru = (
        "В Астане состоялся Казахстанско-китайский бизнес-форум.\n"
        "По итогам форума подписано 58 документов на общую сумму почти 25 млрд долларов."
    )
    client.post(
        "/ingest/", {"title": "Astana Times: forum", "text": en, "published_on": "2031-09-02"}
    )
    client.post("/ingest/", {"title": "Казинформ: форум", "text": ru, "published_on": "2031-09-03"})
    assert Document.objects.count() == 2
    body = client.get("/ingest/conflicts/").content.decode()
    assert body.count("Astana Times: forum") >= 3 and body.count("Казинформ: форум") >= 3
