"""Every write path records who, when, before/after and why: the API, the admin; and the global
feed filters by user, model and date."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from keruen.agreements.services import agreement_create
from keruen.core.admin import ADMIN_REASON
from keruen.projects.models import Portfolio, Project
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Caravan-route-2025"


def admin_client() -> tuple[Client, Any]:
    user = make_user("admin", username="root", password=PASSWORD)
    client = Client()
    client.force_login(user)
    return client, user


def _form(client: Client, url: str) -> dict[str, Any]:
    """The admin form's current values, as a browser would post them back."""
    response = client.get(url)
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update(
            {
                f"{fs.prefix}-TOTAL_FORMS": str(len(fs.forms)),
                f"{fs.prefix}-INITIAL_FORMS": str(fs.initial_form_count()),
                f"{fs.prefix}-MIN_NUM_FORMS": "0",
                f"{fs.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, f in enumerate(fs.forms):
            for name in f.fields:
                value = f[name].value()
                if value not in (None, False):
                    data[f"{fs.prefix}-{i}-{name}"] = "on" if value is True else str(value)
    return data


def test_admin_change_records_reason_and_recomputes_usd() -> None:
    client, user = admin_client()
    p = ProjectFactory(
        total_investment_amount=Decimal("1000000"),
        total_investment_currency="USD",
        jobs_planned=100,
    )
    url = reverse("admin:projects_project_change", args=[p.pk])
    data = _form(client, url)
    data.update(
        total_investment_amount="500000000",
        total_investment_currency="KZT",
        total_investment_date="2025-01-15",
        jobs_planned="150",
        keruen_reason="Akimat letter 12 May",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    p.refresh_from_db()
    assert p.total_investment_usd is not None and p.total_investment_usd < Decimal("2000000")
    assert p.total_investment_fx is not None
    latest = p.history.first()
    assert latest.history_user == user
    assert latest.history_change_reason == "Akimat letter 12 May"
    assert latest.jobs_planned == 150
    assert p.history.count() == 2  # created, changed: one row for the change


def test_admin_money_without_a_rate_is_a_form_error() -> None:
    client, _user = admin_client()
    p = ProjectFactory()
    url = reverse("admin:projects_project_change", args=[p.pk])
    data = _form(client, url)
    data.update(total_investment_date="1990-01-01", total_investment_currency="KZT")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "No exchange rate" in str(response.context["adminform"].form.errors)


def test_admin_add_and_delete_use_the_default_reason() -> None:
    client, user = admin_client()
    response = client.post(
        reverse("admin:projects_portfolio_add"), {"slug": "adm-pf", "name": "Admin portfolio"}
    )
    assert response.status_code == 302
    pf = Portfolio.objects.get(slug="adm-pf")
    created = pf.history.get()
    assert created.history_user == user and created.history_change_reason == ADMIN_REASON
    client.post(reverse("admin:projects_portfolio_delete", args=[pf.pk]), {"post": "yes"})
    deleted = Portfolio.history.filter(slug="adm-pf", history_type="-").get()
    assert deleted.history_user == user


def test_api_writes_are_in_the_object_history_and_the_feed() -> None:
    editor = make_user("regional_editor", username="ed19", regions=["KZ-19"])
    coord = token_for(make_user("coordinator"))
    p = ProjectFactory(regions=["KZ-19"])
    a = agreement_create(actor=None, reason="t", title="MoU", kind="mou", region=_region("KZ-19"))
    client = Client()
    client.patch(
        f"/api/v1/projects/{p.code}",
        data=json.dumps({"stage": "construction"}),
        content_type="application/json",
        HTTP_X_KERUEN_REASON="site visit",
        **bearer(token_for(editor)),
    )
    client.patch(
        f"/api/v1/agreements/{a.code}",
        data=json.dumps({"status": "in_progress"}),
        content_type="application/json",
        **bearer(token_for(editor)),
    )
    feed = client.get("/api/v1/history/?user=ed19", **bearer(coord)).json()
    assert feed["count"] == 2
    assert {e["model"] for e in feed["items"]} == {"projects.project", "agreements.agreement"}
    only_projects = client.get("/api/v1/history/?user=ed19&model=project", **bearer(coord))
    entry = only_projects.json()["items"][0]
    assert entry["reason"] == "site visit"
    assert {"field": "stage", "before": "announced", "after": "construction"} in entry["changes"]
    today = dt.datetime.now(dt.UTC).date()
    assert (
        client.get(
            f"/api/v1/history/?user=ed19&date_from={today}&date_to={today}", **bearer(coord)
        ).json()["count"]
        == 2
    )
    tomorrow = today + dt.timedelta(days=1)
    assert (
        client.get(f"/api/v1/history/?date_from={tomorrow}", **bearer(coord)).json()["count"] == 0
    )
    bad = client.get("/api/v1/history/?model=spaceship", **bearer(coord))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "model"


def test_history_hides_fields_the_reader_may_not_see() -> None:
    p = ProjectFactory(regions=["KZ-31"])
    from keruen.projects.services import project_update

    project_update(actor=None, reason="t", project=p, negotiation_notes="secret terms")
    analyst = token_for(make_user("analyst"))
    coord = token_for(make_user("coordinator"))
    seen_by = {}
    for name, token in (("analyst", analyst), ("coordinator", coord)):
        items = Client().get(f"/api/v1/projects/{p.code}/history", **bearer(token)).json()
        seen_by[name] = json.dumps(items)
    assert "secret terms" not in seen_by["analyst"]
    assert "secret terms" in seen_by["coordinator"]


def _region(code: str) -> Any:
    from keruen.reference.models import Region

    return Region.objects.get(code=code)


def test_portfolio_factory_is_recorded_too() -> None:
    pf = PortfolioFactory()
    assert pf.history.get().history_change_reason == "test"
    assert Project.history.count() == 0
