"""Error reports from the public: the API and the form take them, the address is limited to its
share a minute, and coordinators decide on them in the queue."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from keruen.portal.models import PublicReport
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/reports/"


def post(client: Client, **body: Any) -> Any:
    headers = {k: body.pop(k) for k in list(body) if k.startswith("HTTP_")}
    data = {"page": "https://open.example.kz/open/", "message": "The date is wrong", **body}
    return client.post(URL, json.dumps(data), content_type="application/json", **headers)


def test_a_report_is_taken_without_sign_in() -> None:
    response = post(Client(), field="start_on", correct_value="2025-03-01", email="a@example.org")
    assert response.status_code == 201
    report = PublicReport.objects.get(pk=response.json()["id"])
    assert (report.field, report.correct_value, report.status) == ("start_on", "2025-03-01", "new")
    assert "127.0.0.1" not in report.client


def test_past_the_limit_an_address_gets_429(settings: Any) -> None:
    settings.KERUEN_PUBLIC_REPORTS_PER_MINUTE = 3
    client = Client()
    codes = [post(client, message=f"report {i}").status_code for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert PublicReport.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post(other).status_code == 201


def test_a_bad_source_address_is_refused_by_name() -> None:
    response = post(Client(), source_url="javascript:alert(1)")
    assert response.status_code == 422
    assert "source_url" in response.content.decode()
    assert PublicReport.objects.count() == 0


def test_the_form_on_a_page_files_a_report_and_the_honeypot_files_none() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/open/report/", {"page": "https://open.example.kz/open/", "message": "Wrong figure"}
    )
    assert response.status_code == 200
    assert PublicReport.objects.count() == 1
    client.post(
        "/open/report/",
        {"page": "https://open.example.kz/open/", "message": "spam", "website": "x"},
    )
    assert PublicReport.objects.count() == 1


def test_a_coordinator_decides_and_the_reader_is_told() -> None:
    post(Client(), email="reader@example.org")
    report = PublicReport.objects.get()
    client = Client()
    client.force_login(make_user("coordinator"))
    assert "The date is wrong" in client.get("/public-reports/").content.decode()
    client.post(f"/public-reports/{report.pk}/", {"status": "accepted", "outcome": "Fixed."})
    report.refresh_from_db()
    assert report.status == "accepted"
    assert mail.outbox[-1].to == ["reader@example.org"]
    assert "Fixed." in mail.outbox[-1].body


def test_the_queue_is_for_coordinators_only() -> None:
    client = Client()
    client.force_login(make_user("analyst"))
    assert client.get("/public-reports/").status_code == 403
    assert Client().get("/public-reports/").status_code == 403


def test_behind_a_proxy_the_limit_counts_the_forwarded_address(settings: Any) -> None:
    settings.KERUEN_PUBLIC_REPORTS_PER_MINUTE = 1
    settings.KERUEN_PROXY_HOPS = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    first = post(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert first.status_code == 201
    assert post(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # a forged first entry does not escape: the proxy's own entry is the last one
    assert post(proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5").status_code == 429
    assert post(proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 201
