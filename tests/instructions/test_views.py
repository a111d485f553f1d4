import datetime as dt

import pytest

from keruen.accounts.models import Role
from keruen.instructions.models import Instruction
from keruen.instructions.services import almaty_today, instruction_report
from tests.instructions.factories import (
    akimat,
    coordinator,
    instruction,
    meeting,
    ministry,
    user_with_role,
)
from tests.web.footers import footer

pytestmark = pytest.mark.django_db


@pytest.fixture
def late():
    m = meeting(slug="pm-1", chair="The Prime Minister")
    return instruction(
        lead_executor=ministry(),
        event=m,
        number="1/1",
        text="Build the road",
        deadline=almaty_today() - dt.timedelta(days=2),
    )


def test_list_filters_and_shows_overdue(client, late) -> None:
    instruction(text="Not late", deadline=almaty_today() + dt.timedelta(days=9))
    client.force_login(coordinator())
    r = client.get("/instructions/")
    assert r.status_code == 200 and r.context["page"].paginator.count == 2
    r = client.get("/instructions/?overdue=yes")
    assert [i.pk for i in r.context["page"]] == [late.pk]
    assert "overdue" in r.content.decode()
    r = client.get(f"/instructions/?executor={late.lead_executor.code}&status=open")
    assert r.context["page"].paginator.count == 1


def test_public_sees_no_instructions(client, late) -> None:
    assert client.get("/instructions/").context["page"].paginator.count == 0
    assert client.get(f"/instructions/{late.pk}/").status_code == 404


def test_meeting_page_lists_its_instructions(client, late) -> None:
    client.force_login(coordinator())
    r = client.get("/meetings/pm-1/")
    assert r.status_code == 200 and "Build the road" in r.content.decode()
    assert "The Prime Minister" in r.content.decode()
    assert "pm-1" in client.get("/meetings/").content.decode()


def test_detail_shows_reports_and_history_and_coordinator_closes(client, late) -> None:
    instruction_report(actor=None, instruction=late, text="Asphalt ordered")
    boss = coordinator(username="boss")
    client.force_login(boss)
    page = client.get(f"/instructions/{late.pk}/").content.decode()
    assert "Asphalt ordered" in page and "Remove from control" in page
    r = client.post(f"/instructions/{late.pk}/close", {"reason": ""})
    assert r.status_code == 200 and Instruction.objects.get(pk=late.pk).status != "closed"
    r = client.post(f"/instructions/{late.pk}/close", {"reason": "done"})
    assert r.status_code == 302
    page = client.get(f"/instructions/{late.pk}/").content.decode()
    assert "boss" in page and "done" in page


def test_officer_reports_with_attachment_but_cannot_close(client, late, settings, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    officer = user_with_role(Role.AGENCY_OFFICER, organization=late.lead_executor)
    client.force_login(officer)
    page = client.get(f"/instructions/{late.pk}/").content.decode()
    assert "Report progress" in page and "Remove from control" not in page
    r = client.post(
        f"/instructions/{late.pk}/report",
        {
            "text": "Half done",
            "links": "https://example.org/photo",
            "attachment": SimpleUploadedFile("photo.txt", b"x"),
        },
    )
    assert r.status_code == 302
    assert late.reports.get().attachments.get().name == "photo.txt"
    assert client.post(f"/instructions/{late.pk}/close", {"reason": "x"}).status_code == 403


def test_officer_of_another_body_gets_404(client, late) -> None:
    client.force_login(user_with_role(Role.AGENCY_OFFICER, organization=ministry()))
    assert client.get(f"/instructions/{late.pk}/").status_code == 404
    assert client.post(f"/instructions/{late.pk}/close", {"reason": "x"}).status_code == 404


def test_scorecard_page(client, late) -> None:
    client.force_login(coordinator())
    r = client.get("/instructions/scorecard/")
    assert r.status_code == 200 and late.lead_executor.code in r.content.decode()
    assert client.get("/instructions/scorecard/?by=region").status_code == 200


def test_admin_pages_answer(admin_client, late) -> None:
    assert admin_client.get("/admin/instructions/instruction/").status_code == 200
    assert admin_client.get(f"/admin/instructions/instruction/{late.pk}/change/").status_code == 200
    assert admin_client.get("/admin/instructions/instruction/add/").status_code == 200


def test_footer_counts_the_selection_and_what_the_reader_may_not_see(client, late) -> None:
    astana = akimat("KZ-71")
    instruction(lead_executor=astana, event=late.event)
    instruction(lead_executor=astana)
    client.force_login(coordinator())
    foot = footer(client, "/instructions/?meeting=pm-1")
    assert (foot["count"], foot["hidden"], foot["usd"], foot["jobs"]) == (2, 0, None, None)
    client.force_login(user_with_role(Role.REGIONAL_EDITOR, regions=("KZ-71",)))
    foot = footer(client, "/instructions/?meeting=pm-1")
    assert (foot["count"], foot["hidden"]) == (1, 1)
    assert "You see 1 of 2 records; 1 is restricted." in foot["text"]
    client.logout()
    foot = footer(client, "/instructions/")
    assert (foot["count"], foot["hidden"]) == (0, 3)
    assert "Public edition" in foot["text"]
