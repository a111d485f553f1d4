import json
from pathlib import Path

import pytest
from django.test import Client

from keruen.projects.models import Project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CSV = (
    "code,title,regions,total_investment_amount,total_investment_currency,total_investment_date\n"
    "W-1,Plant,KZ-19,1000.00,USD,2025-06-01\n"
)
BAD = CSV.replace("USD", "XYZ")


def _coordinator() -> Client:
    user = UserFactory(is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _upload(name: str, text: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_upload_preview_confirm() -> None:
    client = _coordinator()
    response = client.post(
        "/imports/", {"kind": "projects", "file": _upload("p.csv", CSV), "reason": "web test"}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert Project.objects.count() == 0
    assert preview.context["report"].counts["created"] == 1
    done = client.post(response["Location"], {"confirm": "1"})
    assert done.status_code == 200 and done.context["report"].written
    p = Project.objects.get(code="W-1")
    assert p.history.first().history_change_reason == "web test"
    again = client.get(response["Location"])
    assert again.status_code == 404  # the upload is gone once imported


def test_preview_lists_problems_and_offers_no_import() -> None:
    client = _coordinator()
    response = client.post("/imports/", {"kind": "projects", "file": _upload("p.csv", BAD)})
    preview = client.get(response["Location"])
    problems = preview.context["report"].problems
    assert [(p.row, p.column) for p in problems] == [(2, "total_investment_currency")]
    assert b'name="confirm"' not in preview.content


def test_only_coordinators_import(tmp_path: Path) -> None:
    client = Client()
    assert client.get("/imports/").status_code == 302  # to the login page
    user = UserFactory()
    client.force_login(user)
    assert client.get("/imports/").status_code == 403


def test_api_dry_run_then_import() -> None:
    client = _coordinator()
    r = client.post("/api/v1/imports/projects", {"file": _upload("p.csv", CSV)})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["dry_run"] is True and body["created"] == 1
    assert Project.objects.count() == 0
    r = client.post("/api/v1/imports/projects?dry_run=false", {"file": _upload("p.csv", CSV)})
    assert r.status_code == 200 and r.json()["written"] is True
    assert Project.objects.count() == 1


def test_api_reports_every_problem_as_422() -> None:
    client = _coordinator()
    r = client.post("/api/v1/imports/projects?dry_run=false", {"file": _upload("p.csv", BAD)})
    assert r.status_code == 422
    body = json.loads(r.content)
    assert body["errors"][0]["field"] == "row 2, total_investment_currency"
    assert body["report"]["problems"][0]["value"] == "XYZ"
    assert Project.objects.count() == 0


def test_api_refuses_the_public_and_readers() -> None:
    assert (
        Client().post("/api/v1/imports/projects", {"file": _upload("p.csv", CSV)}).status_code
        == 401
    )
    user = UserFactory()  # no role: reads only
    client = Client()
    client.force_login(user)
    assert (
        client.post("/api/v1/imports/projects", {"file": _upload("p.csv", CSV)}).status_code == 403
    )
