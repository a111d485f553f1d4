import datetime as dt
import json

import pytest

from keruen.accounts.models import Role
from keruen.instructions.models import Instruction
from keruen.instructions.services import almaty_today
from tests.api.client import call
from tests.instructions.factories import (
    akimat,
    coordinator,
    instruction,
    meeting,
    ministry,
    token_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_one():
    lead = ministry()
    m = meeting(slug="pm-meeting")
    i = instruction(lead_executor=lead, event=m, deadline=almaty_today() - dt.timedelta(days=3))
    return i


def test_close_flow_takes_it_off_overdue_and_into_history(client, overdue_one) -> None:
    boss = coordinator(username="closer")
    tok = token_for(boss)
    r = call("get", "/api/v1/instructions/?overdue=true", tok)
    assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == [overdue_one.pk]
    assert r.json()["items"][0]["days_overdue"] == 3

    r = call("post", f"/api/v1/instructions/{overdue_one.pk}/close", tok, {"reason": "done"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed" and r.json()["overdue"] is False

    r = call("get", "/api/v1/instructions/?overdue=true", tok)
    assert r.json()["count"] == 0
    hist = call("get", f"/api/v1/instructions/{overdue_one.pk}/history", tok).json()
    last = hist["items"][-1]
    assert last["user"] == "closer" and last["reason"] == "done" and last["status"] == "closed"
    assert last["changes"]["status"] == {"from": "open", "to": "closed"}


def test_officer_of_another_body_cannot_close(client, overdue_one) -> None:
    stranger = user_with_role(Role.AGENCY_OFFICER, organization=ministry())
    r = call(
        "post",
        f"/api/v1/instructions/{overdue_one.pk}/close",
        token_for(stranger),
        {"reason": "not mine"},
    )
    assert r.status_code == 404
    assert r["Content-Type"] == "application/problem+json"
    assert Instruction.objects.get(pk=overdue_one.pk).status == "open"


def test_own_officer_sees_and_reports_but_may_not_close(client, overdue_one) -> None:
    officer = user_with_role(Role.AGENCY_OFFICER, organization=overdue_one.lead_executor)
    tok = token_for(officer)
    assert call("get", f"/api/v1/instructions/{overdue_one.pk}", tok).status_code == 200
    r = call("post", f"/api/v1/instructions/{overdue_one.pk}/close", tok, {"reason": "x"})
    assert r.status_code == 403
    r = call(
        "post",
        f"/api/v1/instructions/{overdue_one.pk}/reports",
        tok,
        {"text": "Done", "links": ["https://example.org/a"], "final": True},
    )
    assert r.status_code == 201 and r.json()["organization"] == overdue_one.lead_executor.code
    r = call("get", f"/api/v1/instructions/{overdue_one.pk}/reports", tok)
    assert r.json()["count"] == 1
    assert call("get", f"/api/v1/instructions/{overdue_one.pk}", tok).json()["status"] == "reported"


def test_lists_are_scoped(client, overdue_one) -> None:
    other = instruction(lead_executor=akimat("KZ-19"))
    editor = user_with_role(Role.REGIONAL_EDITOR, regions=("KZ-19",))
    analyst = user_with_role(Role.ANALYST)

    def ids(tok):
        return [i["id"] for i in call("get", "/api/v1/instructions/", tok).json()["items"]]

    assert ids(token_for(editor)) == [other.pk]
    assert sorted(ids(token_for(analyst))) == sorted([overdue_one.pk, other.pk])
    assert ids(None) == []  # the public sees no instructions
    assert call("get", f"/api/v1/instructions/{other.pk}").status_code == 404


def test_extend_and_validation_errors(client, overdue_one) -> None:
    tok = token_for(coordinator())
    path = f"/api/v1/instructions/{overdue_one.pk}/extend"
    new = (almaty_today() + dt.timedelta(days=30)).isoformat()
    r = call("post", path, tok, {"new_deadline": new, "reason": "investor asked"})
    assert r.status_code == 200 and r.json()["deadline"] == new and not r.json()["overdue"]
    r = call("post", path, tok, {"new_deadline": "2020-01-01", "reason": "back"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "new_deadline"
    ext = call("get", f"/api/v1/instructions/{overdue_one.pk}/extensions", tok).json()
    assert ext["count"] == 1 and ext["items"][0]["reason"] == "investor asked"


def test_create_and_meetings(client) -> None:
    tok = token_for(coordinator())
    m = meeting(slug="pm-2025")
    lead = ministry()
    r = call(
        "post",
        "/api/v1/instructions/",
        tok,
        {
            "text": "Do it",
            "lead_executor": lead.code,
            "deadline": "2025-09-01",
            "meeting": "pm-2025",
            "regions": ["KZ-19"],
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["meeting"] == "pm-2025" and r.json()["regions"] == ["KZ-19"]
    r = call("get", "/api/v1/meetings/", tok)
    assert r.json()["items"][0]["slug"] == m.slug and r.json()["items"][0]["instruction_count"] == 1
    r = call("get", "/api/v1/meetings/pm-2025", tok)
    assert [i["text"] for i in r.json()["instructions"]] == ["Do it"]
    officer = user_with_role(Role.AGENCY_OFFICER, organization=lead)
    r = call(
        "post",
        "/api/v1/instructions/",
        token_for(officer),
        {"text": "x", "lead_executor": lead.code, "deadline": "2025-09-01"},
    )
    assert r.status_code == 403


def test_illegal_transition_is_422_with_message(client, overdue_one) -> None:
    tok = token_for(coordinator())
    call("post", f"/api/v1/instructions/{overdue_one.pk}/close", tok, {"reason": "done"})
    r = call("post", f"/api/v1/instructions/{overdue_one.pk}/close", tok, {"reason": "x"})
    assert r.status_code == 422 and "closed" in r.json()["detail"]


def test_scorecards_endpoint(client, overdue_one) -> None:
    r = call("get", "/api/v1/instruction-scorecards/", token_for(coordinator()))
    card = r.json()["items"][0]
    assert card["code"] == overdue_one.lead_executor.code
    assert card["overdue"] == 1 and card["on_time_rate"] == 0.0


def test_patch_edits_text_and_refuses_deadline(client, overdue_one) -> None:
    tok = token_for(coordinator())
    path = f"/api/v1/instructions/{overdue_one.pk}"
    r = call("patch", path, tok, {"text": "Sharper text", "regions": ["KZ-10"]})
    assert r.status_code == 200, r.content
    assert r.json()["text_en"] == "Sharper text" and r.json()["regions"] == ["KZ-10"]
    r = call("patch", path, tok, {"deadline": "2030-01-01"})
    assert r.status_code == 200  # not a field of the patch: the deadline moves by /extend
    assert r.json()["deadline"] == overdue_one.deadline.isoformat()
    stale = {"HTTP_IF_MATCH": '"stale"', "HTTP_AUTHORIZATION": f"Bearer {tok}"}
    r = client.patch(path, data=json.dumps({"text": "x"}), content_type="application/json", **stale)
    assert r.status_code == 412


def test_return_a_report(client, overdue_one) -> None:
    tok = token_for(coordinator())
    base = f"/api/v1/instructions/{overdue_one.pk}"
    call("post", f"{base}/reports", tok, {"text": "done", "final": True})
    r = call("post", f"{base}/return", tok, {"reason": "photos missing"})
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    r = call("post", f"{base}/return", tok, {"reason": "again"})
    assert r.status_code == 422


def test_explicit_nulls_and_empty_required_fields_are_422_not_500(client, overdue_one) -> None:
    tok = token_for(coordinator())
    path = f"/api/v1/instructions/{overdue_one.pk}"
    r = call("patch", path, tok, {"expected_result": None})
    assert r.status_code == 422 and "expected_result" in r.content.decode()
    r = call(
        "post",
        "/api/v1/instructions/",
        tok,
        {"text": "", "lead_executor": "", "deadline": "2031-01-01"},
    )
    assert r.status_code == 422
    assert Instruction.objects.count() == 1
