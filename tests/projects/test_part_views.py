"""A project's investors (by name, with role and share) and milestones, on the site, through
`project_update` and `milestone_create`/`_update`; the editor only in their region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keruen.accounts.services import user_create
from keruen.projects.services import InvestorInput
from keruen.web.forms import version_of
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, role="regional_editor", **scope):
    scope = scope or ({"regions": ["KZ-19"]} if role == "regional_editor" else {})
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x", **scope
    )
    client.force_login(user)
    return user


def test_the_almaty_editor_adds_an_investor_with_a_share_and_a_milestone(client) -> None:
    login(client)
    project = ProjectFactory(code="P-ALM", regions=["KZ-19"])
    OrganizationFactory(code="hengtai", name="Hengtai Agro", aliases=[("恒泰农机", "hanzi")])
    assert client.get("/organizations/lookup/?q=恒泰").json()["results"][0]["value"] == "hengtai"
    page = client.get("/projects/P-ALM/investors/")
    assert page.status_code == 200
    r = client.post(
        "/projects/P-ALM/investors/",
        {
            "organization": "hengtai",
            "role": "co_investor",
            "share": "35",
            "reason": "agreement of 17 June",
            "version": version_of(project),
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    inv = project.investors.get()
    assert (inv.organization.code, inv.role, inv.share) == ("hengtai", "co_investor", Decimal("35"))
    r = client.post(
        "/projects/P-ALM/milestones/new/",
        {
            "kind": "land",
            "planned_on": "2025-09-01",
            "reason": "akimat decision",
            "version": version_of(project),
        },
    )
    assert r.status_code == 302
    m = project.milestones.get()
    assert m.kind == "land" and m.planned_on == dt.date(2025, 9, 1)
    r = client.post(
        f"/projects/P-ALM/milestones/{m.pk}/edit/",
        {
            "kind": "land",
            "planned_on": "2025-09-01",
            "actual_on": "2025-10-02",
            "reason": "done",
            "version": version_of(project),
        },
    )
    m.refresh_from_db()
    assert r.status_code == 302 and m.actual_on == dt.date(2025, 10, 2)


def test_removing_an_investor(client) -> None:
    login(client, "coordinator")
    org = OrganizationFactory(code="cnpc", name="CNPC")
    project = ProjectFactory(code="P-1", investors=[InvestorInput(organization=org)])
    inv = project.investors.get()
    r = client.post(
        "/projects/P-1/investors/",
        {"remove": [str(inv.pk)], "role": "lead", "reason": "left", "version": version_of(project)},
    )
    assert r.status_code == 302 and not project.investors.exists()


def test_the_editor_may_not_touch_another_regions_project_and_the_analyst_none(client) -> None:
    ProjectFactory(code="P-ZHA", regions=["KZ-31"])
    login(client)
    assert client.get("/projects/P-ZHA/investors/").status_code == 403
    assert client.get("/projects/P-ZHA/milestones/new/").status_code == 403
    client.logout()
    login(client, "analyst")
    assert client.get("/projects/P-ZHA/investors/").status_code == 403


def test_the_history_shows_who_added_and_removed_an_investor_and_why(client) -> None:
    login(client, "coordinator")
    OrganizationFactory(code="hengtai", name="Hengtai Agro")
    project = ProjectFactory(code="P-H")
    added = {"organization": "hengtai", "role": "co_investor", "share": "35"}
    r = client.post(
        "/projects/P-H/investors/",
        {**added, "reason": "agreement of 17 June", "version": version_of(project)},
    )
    assert r.status_code == 302, r.context["form"].errors
    inv = project.investors.get()
    r = client.post(
        "/projects/P-H/investors/",
        {
            "remove": [str(inv.pk)],
            "role": "lead",
            "reason": "withdrew",
            "version": version_of(project),
        },
    )
    assert r.status_code == 302
    history = client.get("/projects/P-H/").context["history"]
    rows = [
        (h.reason, h.user.username, [(c.label, c.old, c.new) for c in h.changes])
        for h in history[:2]
    ]
    assert rows == [
        ("withdrew", "u-coordinator", [("Investors", "Hengtai Agro · co-investor · 35", "—")]),
        (
            "agreement of 17 June",
            "u-coordinator",
            [("Investors", "—", "Hengtai Agro · co-investor · 35")],
        ),
    ]
    page = client.get("/projects/P-H/").content.decode()
    section = page[page.index('id="history"') :]
    assert "withdrew" in section and "Hengtai Agro · co-investor · 35" in section
