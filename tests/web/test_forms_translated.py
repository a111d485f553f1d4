"""The new create/edit pages read in Kazakh and Russian: no English interface word is left on
them (labels, help, buttons, the menu)."""

from __future__ import annotations

import re

import pytest

from keruen.accounts.services import user_create
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r"\b(Save|Edit|Cancel|New|Title|Region|Regions|Country|Kind|Date|Reason|Why|Investor|Share|"
    r"Role|Milestone|Planned|Actual|Deadline|Executor|Text|Participants|Parties|Value|Currency|"
    r"More|Home|Someone|Type a few)\b"
)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<option[^>]*>.*?</option>", " ", html, flags=re.S)  # names of records
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_forms_have_no_english_words(client, language) -> None:
    user = user_create(
        actor=None, reason="t", username="c", role="coordinator", password="Bars-web-2026!x"
    )
    client.force_login(user)
    ProjectFactory(code="P-1", title="Plant", title_ru="Завод", title_kk="Зауыт")
    for path in (
        "/agreements/new/",
        "/events/new/",
        "/organizations/new/",
        "/instructions/new/",
        "/projects/P-1/investors/",
        "/projects/P-1/milestones/new/",
    ):
        r = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert r.status_code == 200, path
        found = sorted(set(ENGLISH.findall(_visible_text(r.content.decode()))))
        assert found == [], f"{language} {path}: {found}"
