"""The region and initiative pages, in all three languages, and the moves made on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keruen.agreements.models import Event
from keruen.regions.models import Initiative, InitiativeStatus
from tests.factories import ProjectFactory
from tests.regions.factories import InitiativeFactory, coordinator, editor, make_event
from tests.web.footers import footer

pytestmark = pytest.mark.django_db
LANGS = ["kk", "ru", "en"]


@pytest.fixture
def country() -> None:
    make_event("meeting", dt.date.today() - dt.timedelta(days=100), kind=Event.Kind.MEETING)
    for stage in ("construction", "preparation", "operating"):
        ProjectFactory(regions=["KZ-71"], stage=stage, title="Astana plant")
        ProjectFactory(regions=["KZ-43"], stage=stage)
    for stage in ("announced", "announced", "agreed"):
        ProjectFactory(regions=["KZ-10"], stage=stage, stage_since=dt.date(2020, 1, 1))
    InitiativeFactory(region="KZ-10", title="Semey plant idea")


@pytest.mark.parametrize("lang", LANGS)
def test_national_table(client, country, lang: str) -> None:
    r = client.get("/regions/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    assert r["Content-Language"] == lang
    html = r.content.decode()
    assert html.count('data-region="KZ-') == 20
    name = {"kk": "Абай облысы", "ru": "Абайская область", "en": "Abai Region"}[lang]
    assert name in html and 'class="table-warning" data-region="KZ-10"' in html
    assert 'id="spec-regions-map"' in html


@pytest.mark.parametrize(
    "sort", ["code", "-projects", "stalled_share", "-agreement_conversion", "-lagging", "nonsense"]
)
def test_national_table_sorts_by_every_column(client, country, sort: str) -> None:
    r = client.get(f"/regions/?sort={sort}")
    assert r.status_code == 200
    codes = [row["card"].code for row in r.context["rows"]]
    assert len(codes) == 20
    if sort == "-projects":
        assert codes[0] in ("KZ-71", "KZ-43")
    if sort == "-lagging":
        assert codes[0] == "KZ-10"
    if sort == "nonsense":
        assert codes == sorted(codes)


def test_every_column_is_sortable(client, country) -> None:
    from keruen.regions.views import COLUMNS

    for key, _label, _show in COLUMNS:
        for sort in (key, f"-{key}"):
            r = client.get(f"/regions/?sort={sort}")
            assert r.status_code == 200 and r.context["sort"] == sort


@pytest.mark.parametrize("lang", LANGS)
def test_region_page(client, country, lang: str) -> None:
    r = client.get("/regions/KZ-10/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    html = r.content.decode()
    assert r.context["card"].lagging
    assert 'id="verdict"' in html and "alert-warning" in html
    for part in (
        'id="scorecard"',
        'id="spec-region-map"',
        'id="initiatives"',
        'id="projects"',
        'id="agreements"',
        'id="instructions"',
    ):
        assert part in html
    # the public does not see a draft
    assert "Semey plant idea" not in html


def test_region_page_for_an_editor_shows_drafts_and_new_button(client, country) -> None:
    client.force_login(editor("KZ-10"))
    html = client.get("/regions/KZ-10/").content.decode()
    assert "Semey plant idea" in html and "/initiatives/new/?region=KZ-10" in html


def test_region_page_lowercase_redirects_and_unknown_is_404(client) -> None:
    r = client.get("/regions/kz-10/")
    assert r.status_code == 302 and r["Location"] == "/regions/KZ-10/"
    assert client.get("/regions/KZ-99/").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_initiative_pages(client, lang: str) -> None:
    ProjectFactory(regions=["KZ-71"])
    ini = InitiativeFactory(region="KZ-71", title="Astana zone")
    client.force_login(coordinator())
    r = client.get("/initiatives/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200 and "Astana zone" in r.content.decode()
    r = client.get(f"/initiatives/{ini.code}/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="candidate-investors"' in html and f"/initiatives/{ini.code}/submit" in html
    assert client.get("/initiatives/new/", HTTP_ACCEPT_LANGUAGE=lang).status_code == 200


def test_editor_creates_edits_and_submits_on_the_web(client) -> None:
    client.force_login(editor("KZ-43"))
    r = client.post(
        "/initiatives/new/",
        {
            "region": "KZ-43",
            "title": "Rice cluster",
            "sectors": ["agro-industrial"],
            "partner_countries": ["CN"],
            "investment_amount": "1000000",
            "investment_currency": "USD",
            "investment_date": "2025-06-25",
            "land": "ready",
            "utilities": "none",
            "permits": "none",
            "confidentiality": "public",
        },
    )
    ini = Initiative.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/initiatives/{ini.code}/"
    assert ini.region.code == "KZ-43" and ini.investment_usd == 1000000
    r = client.post(
        f"/initiatives/{ini.code}/edit/",
        {
            "title": "Rice cluster, phase 1",
            "land": "ready",
            "utilities": "ready",
            "permits": "none",
            "confidentiality": "public",
        },
    )
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.title == "Rice cluster, phase 1" and ini.utilities == "ready"
    r = client.post(f"/initiatives/{ini.code}/submit", {"reason": "ready for review"})
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.SUBMITTED
    assert ini.history.first().history_change_reason == "ready for review"
    # an editor may not present it, nor create in another region
    assert client.post(f"/initiatives/{ini.code}/present", {}).status_code == 403
    r = client.post(
        "/initiatives/new/",
        {
            "region": "KZ-71",
            "title": "x",
            "land": "none",
            "utilities": "none",
            "permits": "none",
            "confidentiality": "public",
        },
    )
    assert r.status_code == 200 and "region" in r.context["form"].errors


def test_illegal_move_on_the_web_says_why(client) -> None:
    ini = InitiativeFactory()
    client.force_login(coordinator())
    r = client.post(f"/initiatives/{ini.code}/match", {}, follow=True)
    assert r.status_code == 200
    assert "Cannot match" in r.content.decode()
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.DRAFT


def test_anonymous_may_not_write(client) -> None:
    ini = InitiativeFactory()
    assert client.get("/initiatives/new/").status_code == 302  # to the login page
    assert client.post(f"/initiatives/{ini.code}/submit").status_code == 302
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.DRAFT
    assert client.get(f"/initiatives/{ini.code}/").status_code == 404  # a draft is not public


def test_initiative_footer_totals_investment_and_jobs_of_the_selection(client) -> None:
    InitiativeFactory(region="KZ-71", investment_amount=50_000_000, jobs_planned=300)
    InitiativeFactory(region="KZ-71", investment_amount=25_000_000, jobs_planned=120)
    InitiativeFactory(region="KZ-19", investment_amount=10_000_000, jobs_planned=40)
    client.force_login(coordinator())
    foot = footer(client, "/initiatives/?region=KZ-71")
    assert (foot["count"], foot["hidden"], foot["jobs"]) == (2, 0, 420)
    assert foot["usd"] == Decimal("75000000")
    # drafts are seen by their region's editors: Almaty's editor is told one is hidden
    client.force_login(editor("KZ-19"))
    foot = footer(client, "/initiatives/")
    assert (foot["count"], foot["hidden"], foot["jobs"]) == (1, 2, 40)
    assert "You see 1 of 3 records; 2 are restricted." in foot["text"]
    # the region page lists its initiatives without a footer of its own
    assert (
        "<tfoot>"
        not in client.get("/regions/KZ-19/")
        .content.decode()
        .split('id="initiatives"')[1]
        .split("</table>")[0]
    )
