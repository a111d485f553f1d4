"""References are picked by name: filters and the review's accept form carry a code but show the
name, with a type-ahead endpoint behind them; the extractor's match is prefilled."""

from __future__ import annotations

import datetime as dt

import pytest

from keruen.accounts.services import user_create
from keruen.ingest.models import Document
from keruen.instructions.services import instruction_create
from keruen.projects.services import InvestorInput
from keruen.reference.models import Region
from keruen.web.forms import parse_amount
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, role="coordinator"):
    user = user_create(
        actor=None, reason="t", username=f"u-{role}", role=role, password="Bars-web-2026!x"
    )
    client.force_login(user)
    return user


def test_the_instruction_filters_show_names_and_pick_them_by_type_ahead(client) -> None:
    login(client)
    akimat = OrganizationFactory(
        code="akimat-almaty-region",
        name="Akimat of Almaty region",
        kind="akimat",
        region=Region.objects.get(code="KZ-19"),
    )
    instruction_create(
        actor=None, reason="t", text="Land", lead_executor=akimat, deadline=dt.date(2030, 1, 1)
    )
    r = client.get("/instructions/?executor=akimat-almaty-region&region=KZ-19")
    html = r.content.decode()
    assert r.context["page"].paginator.count == 1 if "page" in r.context else "Land" in html
    assert 'data-url="/organizations/lookup/"' in html
    assert '<option value="akimat-almaty-region" selected>Akimat of Almaty region</option>' in html
    assert "Almaty" in html  # the region select lists names, not only codes


def test_the_accept_form_is_prefilled_with_the_matched_company_and_its_project(client) -> None:
    login(client)
    org = OrganizationFactory(code="hengtai", name="Hengtai Agro")
    ProjectFactory(code="P-HT", investors=[InvestorInput(organization=org)])
    text = "Hengtai Agro will build a $60 million plant in Kostanay region, creating 300 jobs."
    client.post("/ingest/", {"title": "Plant", "text": text})
    doc = Document.objects.get()
    doc.facts.update(organization=org)
    html = client.get(f"/ingest/documents/{doc.pk}/").content.decode()
    assert '<option value="hengtai" selected>Hengtai Agro</option>' in html
    assert '<option value="P-HT" selected>' in html


@pytest.mark.parametrize(
    ("text", "language", "amount"),
    [
        ("1 250 000,50", "ru", "1250000.50"),
        ("1\u00a0250\u00a0000,5", "kk", "1250000.5"),
        ("1,250,000.50", "en", "1250000.50"),
        ("1250000", "en", "1250000"),
        ("1.250.000,50", "en", "1250000.50"),
    ],
)
def test_amounts_are_read_with_the_readers_separators(text, language, amount) -> None:
    assert str(parse_amount(text, language)) == amount


def test_the_usd_preview_uses_the_rate_of_the_date(client) -> None:
    r = client.get("/fx/usd/?amount=1000000&currency=KZT&date=2025-06-25").json()
    assert r["usd"] and "1 USD =" in r["text"]
    assert "error" in client.get("/fx/usd/?amount=5&currency=XXX&date=2025-06-25").json()
