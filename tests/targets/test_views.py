"""The pages and the chart specs (the same specs go into the PDF briefing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import altair as alt
import pytest
from django.test import Client

from keruen.agreements.services import agreement_create, event_create
from keruen.targets.charts import funnel_chart, funnel_rows, target_chart, target_rows
from keruen.targets.funnel import funnel_by_event
from keruen.targets.selectors import target_status
from keruen.targets.services import observation_create
from tests.factories import ProjectFactory
from tests.targets.factories import TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    t = TargetFactory(code="fdi", name="Foreign investment", target_value=D(100))
    for year, value in ((2025, 20), (2026, 25)):
        observation_create(
            actor=None,
            reason="t",
            target=t,
            year=year,
            value=D(value),
            currency="USD",
            source_text="National statistics",
        )
    return t


def test_target_rows_are_cumulative_series(target) -> None:
    d = target_status(user=None, target=target, as_of=dt.date(2027, 1, 1)).to_json_dict()
    rows = target_rows(d)
    by = {(r["series"], r["year"]): r["value"] for r in rows}
    assert by[("trajectory", "2029")] == 100.0
    assert by[("actual", "2026")] == 45.0
    assert ("actual", "2027") not in by
    # Trend: 20, 25 → 30, 35, 40; cumulative from the last reported year: 45 … 150.
    assert by[("trend", "2026")] == 45.0 and by[("trend", "2029")] == 150.0
    assert by[("pipeline", "2026")] == 45.0 and by[("pipeline", "2029")] == 45.0
    spec = target_chart(d).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "line"
    assert isinstance(target_chart(d), alt.LayerChart)


def test_funnel_rows_and_chart() -> None:
    event = event_create(
        actor=None, reason="t", slug="f", title="Forum", kind="forum", starts_on=dt.date(2025, 6, 1)
    )
    p = ProjectFactory(stage="operating")
    agreement_create(
        actor=None,
        reason="t",
        title="A",
        kind="commercial",
        event=event,
        signed_on=dt.date(2025, 6, 1),
        value_amount=D(10),
        value_currency="USD",
        projects=[p],
    )
    [row] = funnel_by_event(user=None)
    steps = funnel_rows(row)
    assert [s["count"] for s in steps] == [1, 1, 1, 1, 1]
    assert funnel_chart(row).to_dict()["layer"][0]["mark"]["type"] == "bar"


def test_pages(client: Client, target) -> None:
    r = client.get("/targets/")
    assert r.status_code == 200
    assert "Foreign investment" in r.content.decode()
    assert 'id="spec-fdi"' in r.content.decode()
    r = client.get("/targets/fdi/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "National statistics" in body and "spec-target" in body
    assert client.get("/targets/nope/").status_code == 404
    r = client.get("/funnel/?by=portfolio&stale=3")
    assert r.status_code == 200
    assert client.get("/funnel/?stale=x").status_code == 200


def test_admin_pages_and_saving_an_observation_converts_it(client: Client, target) -> None:
    from django.contrib.auth import get_user_model

    from keruen.targets.models import Observation

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-Secret-42")
    client.force_login(admin)
    for url in (
        "/admin/targets/target/",
        f"/admin/targets/target/{target.pk}/change/",
        "/admin/targets/observation/",
        "/admin/targets/stageprobability/",
    ):
        assert client.get(url).status_code == 200, url
    r = client.post(
        "/admin/targets/observation/add/",
        {
            "target": target.pk,
            "year": 2027,
            "value_amount": "7",
            "value_currency": "USD",
            "value_date": "2027-12-31",
            "source_text": "admin",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    o = Observation.objects.get(year=2027)
    assert o.value_in_target == D(7) and o.value_usd == D(7)
    # The services' checks run: 2031 is outside the period, the form says so.
    r = client.post(
        "/admin/targets/observation/add/",
        {
            "target": target.pk,
            "year": 2031,
            "value_amount": "7",
            "value_currency": "USD",
            "value_date": "2031-12-31",
            "source_text": "admin",
        },
    )
    assert r.status_code == 200 and "outside the target" in r.content.decode()
    r = client.post(
        f"/admin/targets/target/{target.pk}/change/",
        {
            "code": "fdi",
            "name": "Foreign investment",
            "measure": "fdi_inflow_usd",
            "target_value": "100",
            "currency": "",
            "period_start_year": 2025,
            "period_end_year": 2029,
            "trajectory_kind": "linear",
            "trajectory-TOTAL_FORMS": 0,
            "trajectory-INITIAL_FORMS": 0,
        },
    )
    assert r.status_code == 200 and "needs its currency" in r.content.decode()


def test_api_pages_through_targets(client: Client, target) -> None:
    TargetFactory(code="zzz")
    r = client.get("/api/v1/targets/?limit=1&offset=1")
    data = r.json()
    assert data["count"] == 2 and [i["code"] for i in data["items"]] == ["zzz"]


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", "The English description.", "Описание"),
        ("ru", "Описание по-русски.", "The English description."),
        ("kk", "The English description.", "Описание"),  # no Kazakh text: the English one
    ],
)
def test_target_page_shows_the_description_in_the_readers_language(
    client: Client, target, language: str, shown: str, not_shown: str
) -> None:
    target.description = "The English description."
    target.description_ru = "Описание по-русски."
    target.save()
    body = client.get("/targets/fdi/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in body
    assert not_shown not in body
