"""Instructions issued and edited on the site by coordinators: text in three languages, the lead
and co-executors by name, the deadline kept for extensions; others get 403."""

from __future__ import annotations

import datetime as dt

import pytest

from keruen.accounts.services import user_create
from keruen.instructions.models import Instruction
from keruen.web.forms import version_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def login(client, role="coordinator", **scope):
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x", **scope
    )
    client.force_login(user)
    return user


def test_a_coordinator_issues_and_edits_an_instruction_by_names(client) -> None:
    login(client)
    OrganizationFactory(code="mic", name="Ministry of Industry", kind="ministry")
    OrganizationFactory(code="akimat-19", name="Akimat of Almaty region", kind="akimat")
    assert client.get("/instructions/new/").status_code == 200
    r = client.post(
        "/instructions/new/",
        {
            "text": "Allocate land for the plant",
            "text_ru": "Выделить землю под завод",
            "text_kk": "Зауытқа жер бөлу",
            "lead_executor": "akimat-19",
            "co_executors": ["mic"],
            "deadline": "2026-03-01",
            "regions": ["KZ-19"],
            "reason": "minutes of the meeting",
        },
    )
    i = Instruction.objects.get()
    assert r.status_code == 302 and r["Location"] == i.get_absolute_url()
    assert i.lead_executor.code == "akimat-19" and [o.code for o in i.co_executors.all()] == ["mic"]
    assert i.text_kk == "Зауытқа жер бөлу" and i.deadline == dt.date(2026, 3, 1)
    page = client.get(f"/instructions/{i.pk}/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, [])}
    data.update(text="Allocate 40 ha for the plant", deadline="2030-01-01", reason="corrected")
    r = client.post(f"/instructions/{i.pk}/edit/", data)
    assert r.status_code == 302, r.context["form"].errors
    i.refresh_from_db()
    assert i.text == "Allocate 40 ha for the plant" and i.deadline == dt.date(2026, 3, 1)


def test_a_stale_edit_is_refused(client) -> None:
    login(client)
    OrganizationFactory(code="mic", name="Ministry of Industry", kind="ministry")
    client.post(
        "/instructions/new/",
        {"text": "A", "lead_executor": "mic", "deadline": "2026-03-01", "reason": "t"},
    )
    i = Instruction.objects.get()
    opened = version_of(i)
    Instruction.objects.filter(pk=i.pk).update(updated_at=i.updated_at + dt.timedelta(seconds=1))
    r = client.post(
        f"/instructions/{i.pk}/edit/",
        {"text": "B", "lead_executor": "mic", "reason": "t", "version": opened},
    )
    assert r.status_code == 200 and "Someone changed this" in r.content.decode()


@pytest.mark.parametrize(
    ("role", "scope"), [("analyst", {}), ("regional_editor", {"regions": ["KZ-19"]})]
)
def test_others_may_not_issue(client, role, scope) -> None:
    login(client, role, **scope)
    assert client.get("/instructions/new/").status_code == 403
