"""Organizations created and edited on the site: names in three languages, aliases in every
script (found by the type-ahead afterwards), identifiers; access and stale versions."""

from __future__ import annotations

import pytest

from keruen.accounts.services import user_create
from keruen.parties.models import Organization
from keruen.parties.services import alias_script, organization_names_set
from keruen.web.forms import version_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def login(client, role="coordinator", **scope):
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x", **scope
    )
    client.force_login(user)
    return user


def test_the_coordinator_creates_an_organization_with_chinese_and_russian_aliases(client) -> None:
    login(client)
    assert client.get("/organizations/new/").status_code == 200
    r = client.post(
        "/organizations/new/",
        {
            "name": "Hengtai Agricultural Machinery",
            "name_ru": "Хэнтай Агро",
            "kind": "company",
            "country": "CN",
            "aliases": "恒泰农机\nХэнтай\nHTAM",
            "cn_uscc": "91370000MA3C5X1234",
            "reason": "registered from the forum list",
        },
    )
    org = Organization.objects.get(name="Hengtai Agricultural Machinery")
    assert r.status_code == 302 and r["Location"] == org.get_absolute_url()
    assert {(a.alias, a.script) for a in org.aliases.all()} == {
        ("恒泰农机", "hanzi"),
        ("Хэнтай", "cyrillic"),
        ("HTAM", "abbreviation"),
    }
    for q in ("恒泰", "Хэнтай", "Hengtai"):
        found = client.get(f"/organizations/lookup/?q={q}").json()["results"]
        assert [x["value"] for x in found] == [org.code], q


def test_editing_aliases_adds_and_removes_and_keeps_the_reason(client) -> None:
    login(client)
    org = OrganizationFactory(code="cnpc", name="CNPC", aliases=[("中国石油", "hanzi")])
    page = client.get("/organizations/cnpc/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, False)}
    data.update({"aliases": "ҚМГ\nCNPC Group", "reason": "spellings from the press"})
    r = client.post("/organizations/cnpc/edit/", data)
    assert r.status_code == 302
    assert sorted(org.aliases.values_list("alias", flat=True)) == ["CNPC Group", "ҚМГ"]


def test_a_stale_version_is_refused(client) -> None:
    login(client)
    org = OrganizationFactory(code="kmg", name="KMG")
    opened = version_of(org)
    org.name = "KazMunayGas"
    org.save()
    r = client.post(
        "/organizations/kmg/edit/",
        {"name": "Mine", "kind": "company", "reason": "x", "version": opened},
    )
    assert r.status_code == 200 and "Someone changed this" in r.content.decode()
    org.refresh_from_db()
    assert org.name == "KazMunayGas"


def test_an_analyst_gets_403(client) -> None:
    OrganizationFactory(code="kmg", name="KMG")
    login(client, "analyst")
    assert client.get("/organizations/new/").status_code == 403
    assert client.get("/organizations/kmg/edit/").status_code == 403


def test_the_script_of_an_alias_is_detected() -> None:
    assert alias_script("中国电建") == "hanzi"
    assert alias_script("Zhōngguó Diànjiàn") == "pinyin"
    assert alias_script("ПауэрЧайна") == "cyrillic"
    assert alias_script("PowerChina International") == "latin"


def test_names_set_writes_nothing_when_nothing_changes() -> None:
    org = OrganizationFactory(code="kmg", name="KMG", aliases=[("КМГ", "cyrillic")])
    assert not organization_names_set(actor=None, reason="t", organization=org, aliases=["КМГ"])
    assert organization_names_set(
        actor=None, reason="t", organization=org, identifiers={"kz_bin": "020240000555"}
    )
