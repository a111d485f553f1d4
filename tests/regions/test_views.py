"""The region and initiative pages, in all three languages, and the moves made on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keruen.agreements.models import Event
from keruen.regions.models import Initiative, InitiativeStatus
from keruen.regions.services import initiative_transition, initiative_update
from tests.factories import OrganizationFactory, ProjectFactory
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
            "reason": "akimat's investment passport 2025",
        },
    )
    ini = Initiative.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/initiatives/{ini.code}/"
    assert ini.region.code == "KZ-43" and ini.investment_usd == 1000000
    assert ini.history.first().history_change_reason == "akimat's investment passport 2025"
    version = client.get(f"/initiatives/{ini.code}/edit/").context["form"]["version"].value()
    r = client.post(
        f"/initiatives/{ini.code}/edit/",
        {
            "title": "Rice cluster, phase 1",
            "land": "ready",
            "utilities": "ready",
            "permits": "none",
            "confidentiality": "public",
            "reason": "utilities connected",
            "version": version,
        },
    )
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.title == "Rice cluster, phase 1" and ini.utilities == "ready"
    assert ini.history.first().history_change_reason == "utilities connected"
    version = client.get(f"/initiatives/{ini.code}/").context["form"]["version"].value()
    r = client.post(
        f"/initiatives/{ini.code}/submit", {"reason": "ready for review", "version": version}
    )
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.SUBMITTED
    assert ini.history.first().history_change_reason == "ready for review"
    # an editor may not present it, nor create in another region
    version = client.get(f"/initiatives/{ini.code}/").context["form"]["version"].value()
    move = {"reason": "presented", "version": version}
    assert client.post(f"/initiatives/{ini.code}/present", move).status_code == 403
    r = client.post(
        "/initiatives/new/",
        {
            "region": "KZ-71",
            "title": "x",
            "land": "none",
            "utilities": "none",
            "permits": "none",
            "confidentiality": "public",
            "reason": "x",
        },
    )
    assert r.status_code == 200 and "region" in r.context["form"].errors


EDIT = {"land": "none", "utilities": "none", "permits": "none", "confidentiality": "public"}


def test_an_initiative_edit_needs_a_reason(client) -> None:
    ini = InitiativeFactory(region="KZ-43", title="Rice cluster")
    client.force_login(editor("KZ-43"))
    page = client.get(f"/initiatives/{ini.code}/edit/")
    assert 'name="reason"' in page.content.decode() and 'name="version"' in page.content.decode()
    version = page.context["form"]["version"].value()
    r = client.post(
        f"/initiatives/{ini.code}/edit/", {**EDIT, "title": "Renamed", "version": version}
    )
    assert r.status_code == 200 and "reason" in r.context["form"].errors
    ini.refresh_from_db()
    assert ini.title == "Rice cluster"


def test_a_stale_initiative_edit_is_refused_and_nothing_is_written(client) -> None:
    ini = InitiativeFactory(region="KZ-43", title="Rice cluster")
    client.force_login(editor("KZ-43"))
    opened = client.get(f"/initiatives/{ini.code}/edit/").context["form"]["version"].value()
    initiative_update(actor=coordinator(), reason="someone else", initiative=ini, jobs_planned=40)
    r = client.post(
        f"/initiatives/{ini.code}/edit/",
        {**EDIT, "title": "Mine", "reason": "mine", "version": opened},
    )
    assert r.status_code == 200 and "Someone changed this since you opened it" in r.content.decode()
    ini.refresh_from_db()
    assert ini.title == "Rice cluster" and ini.jobs_planned == 40


def test_a_stale_match_is_refused_and_the_initiative_stays(client) -> None:
    """A coordinator opens a presented initiative; meanwhile someone changes it: the match made
    from the page opened before is refused, although the move itself would be allowed."""
    event = make_event("forum", dt.date.today() - dt.timedelta(days=10))
    ini = InitiativeFactory(region="KZ-43")
    boss = coordinator()
    for action, kw in (("submit", {}), ("present", {"event": event})):
        initiative_transition(actor=boss, reason="t", initiative=ini, action=action, **kw)
    investor = OrganizationFactory(kind="company")
    client.force_login(boss)
    page = client.get(f"/initiatives/{ini.code}/")
    opened = page.context["form"]["version"].value()
    assert f'value="{opened}"' in page.content.decode()
    initiative_update(actor=coordinator(), reason="revised", initiative=ini, jobs_planned=40)
    r = client.post(
        f"/initiatives/{ini.code}/match",
        {"investor": investor.code, "reason": "met at the forum", "version": opened},
        follow=True,
    )
    assert "Someone changed this since you opened it" in r.content.decode()
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.PRESENTED and ini.investor is None


def test_a_match_records_the_reason_the_reader_gives(client) -> None:
    event = make_event("forum", dt.date.today() - dt.timedelta(days=10))
    ini = InitiativeFactory(region="KZ-43")
    boss = coordinator()
    for action, kw in (("submit", {}), ("present", {"event": event})):
        initiative_transition(actor=boss, reason="t", initiative=ini, action=action, **kw)
    investor = OrganizationFactory(kind="company")
    client.force_login(boss)
    version = client.get(f"/initiatives/{ini.code}/").context["form"]["version"].value()
    r = client.post(
        f"/initiatives/{ini.code}/match",
        {"investor": investor.code, "version": version},
        follow=True,
    )
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.PRESENTED
    assert "This field is required" in r.content.decode()
    r = client.post(
        f"/initiatives/{ini.code}/match",
        {"investor": investor.code, "reason": "letter of intent, 3 May", "version": version},
    )
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.MATCHED and ini.investor == investor
    assert ini.history.first().history_change_reason == "letter of intent, 3 May"


def test_illegal_move_on_the_web_says_why(client) -> None:
    ini = InitiativeFactory()
    client.force_login(coordinator())
    version = client.get(f"/initiatives/{ini.code}/").context["form"]["version"].value()
    move = {"reason": "met them", "version": version}
    r = client.post(f"/initiatives/{ini.code}/match", move, follow=True)
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
