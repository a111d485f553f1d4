"""Each role's home at `/` shows their own work first; the national dashboard stays one click
away (`/?view=national`) and is the coordinators' and analysts' home."""

from __future__ import annotations

import datetime as dt

import pytest

from keruen.accounts.services import user_create
from keruen.instructions.services import instruction_create
from keruen.reference.models import Region
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, role, **scope):
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x", **scope
    )
    client.force_login(user)
    return user


def test_the_regional_editor_sees_their_region_its_stalled_projects_and_charges(client) -> None:
    akimat = OrganizationFactory(
        code="akimat-almaty-region",
        name="Akimat",
        kind="akimat",
        region=Region.objects.get(code="KZ-19"),
    )
    ProjectFactory(
        code="P-STUCK", regions=["KZ-19"], stage="preparation", stage_since=dt.date(2020, 1, 1)
    )
    ProjectFactory(
        code="P-ELSEWHERE", regions=["KZ-31"], stage="preparation", stage_since=dt.date(2020, 1, 1)
    )
    instruction_create(
        actor=None,
        reason="t",
        text="Find land for the plant",
        lead_executor=akimat,
        deadline=dt.date(2030, 1, 1),
    )
    login(client, "regional_editor", regions=["KZ-19"])
    r = client.get("/")
    html = r.content.decode()
    assert r.templates[0].name == "reports/home.html"
    assert "P-STUCK" in html and "P-ELSEWHERE" not in html
    assert "Find land for the plant" in html
    assert client.get("/?view=national").templates[0].name == "reports/dashboard.html"


def test_the_agency_officer_sees_their_charges_and_curated_projects(client) -> None:
    mic = OrganizationFactory(code="mic", name="Ministry of Industry", kind="ministry")
    ProjectFactory(code="P-CUR", curator=mic)
    ProjectFactory(code="P-OTHER")
    instruction_create(
        actor=None,
        reason="t",
        text="Report on the plant",
        lead_executor=mic,
        deadline=dt.date(2030, 1, 1),
    )
    login(client, "agency_officer", organization="mic")
    html = client.get("/").content.decode()
    assert "P-CUR" in html and "P-OTHER" not in html and "Report on the plant" in html


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
def test_coordinators_and_analysts_land_on_the_national_dashboard(client, role) -> None:
    login(client, role)
    assert client.get("/").templates[0].name == "reports/dashboard.html"


def test_the_menu_links_every_section(client) -> None:
    login(client, "coordinator")
    html = client.get("/projects/").content.decode()
    for path in ("/imports/", "/funnel/", "/initiatives/", "/meetings/", "/notifications/"):
        assert f'href="{path}"' in html, path


def test_the_reviewer_finds_the_facts_waiting_for_review_first(client) -> None:
    """Coordinators review extracted facts: their home opens with how many wait and the way to
    the queue; an analyst, who does not review, is not told."""
    from keruen.ingest.models import Fact
    from keruen.ingest.services import document_ingest
    from keruen.ingest.sources import IngestItem

    text = (
        "Shymkent, 3 March 2031 – The akimat of Shymkent and the Turkish company Ege Cam signed "
        "an agreement on a glass container plant. Investment in the plant amounts to $140 million."
    )
    document_ingest(
        actor=None,
        item=IngestItem(
            text=text, title="Release", origin="test", published_on=dt.date(2031, 3, 3)
        ),
    )
    waiting = Fact.objects.filter(status=Fact.Status.PROPOSED).count()
    assert waiting > 0
    login(client, "coordinator")
    html = client.get("/").content.decode()
    banner = html.index('id="review-waiting"')
    assert banner < html.index("<h1")  # before the national figures
    assert f"{waiting} extracted fact" in html and 'href="/ingest/"' in html[banner:]
    client.logout()
    login(client, "analyst")
    assert 'id="review-waiting"' not in client.get("/").content.decode()
