"""The initiative status flow: every move, every refusal, and who may make it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keruen.parties.models import Organization
from keruen.regions.models import Initiative, InitiativeStatus
from keruen.regions.services import (
    allowed_actions,
    initiative_create,
    initiative_transition,
    initiative_update,
)
from tests.factories import OrganizationFactory, ProjectFactory
from tests.regions.factories import (
    InitiativeFactory,
    analyst,
    coordinator,
    editor,
    make_event,
)

pytestmark = pytest.mark.django_db
S = InitiativeStatus
PAST = dt.date(2025, 6, 16)


def move(initiative: Initiative, action: str, actor=None, **kw) -> Initiative:
    return initiative_transition(
        actor=actor, reason="test", initiative=initiative, action=action, **kw
    )


def test_create_derives_usd_and_records_history() -> None:
    ini = InitiativeFactory(
        investment_amount=Decimal("1000000"), investment_currency="USD", title_ru="Инициатива"
    )
    assert ini.code.startswith("INI-")
    assert ini.status == S.DRAFT
    assert ini.investment_usd == Decimal("1000000.00")
    assert [c.code for c in ini.partner_countries.all()] == ["CN"]
    assert ini.history.count() == 1
    assert ini.history.first().history_change_reason == "test"


def test_create_converts_other_currencies() -> None:
    ini = InitiativeFactory(
        investment_amount=Decimal("10000000000"),
        investment_currency="KZT",
        investment_date=dt.date(2025, 6, 1),
    )
    assert ini.investment_fx is not None
    assert 0 < ini.investment_usd < Decimal("100000000")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"investment_currency": None, "investment_date": None}, "investment_currency"),
        ({"investment_currency": "XXX"}, "investment_currency"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"partner_countries": ["Atlantis"]}, "partner_countries"),
        ({"region": "KZ-99"}, "region"),
        ({"title": " "}, "title"),
        ({"status": "matched"}, "status"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_rejects_bad_input_naming_the_field(values: dict, field: str) -> None:
    with pytest.raises(ValidationError) as e:
        InitiativeFactory(**values)
    assert field in e.value.message_dict
    assert Initiative.objects.count() == 0


def test_editor_creates_and_submits_own_region_only() -> None:
    astana = editor("KZ-71")
    ini = InitiativeFactory(actor=astana, region="KZ-71")
    with pytest.raises(PermissionDenied):
        InitiativeFactory(actor=astana, region="KZ-43")
    assert allowed_actions(astana, ini) == ["submit", "withdraw"]
    move(ini, "submit", astana)
    ini.refresh_from_db()
    assert ini.status == S.SUBMITTED
    assert ini.history.count() == 2
    # the editor may no longer change it, nor present it
    assert allowed_actions(astana, ini) == ["withdraw"]
    with pytest.raises(PermissionDenied):
        initiative_update(actor=astana, reason="t", initiative=ini, jobs_planned=5)
    with pytest.raises(PermissionDenied, match="coordinators"):
        move(ini, "present", astana, event=make_event("f", PAST))


def test_other_roles_may_not_move_it() -> None:
    ini = InitiativeFactory(region="KZ-71")
    for actor in (editor("KZ-43"), analyst()):
        assert allowed_actions(actor, ini) == []
        with pytest.raises(PermissionDenied):
            move(ini, "submit", actor)
        with pytest.raises(PermissionDenied):
            initiative_update(actor=actor, reason="t", initiative=ini, jobs_planned=5)
        with pytest.raises(PermissionDenied):
            initiative_create(actor=actor, reason="t", title="x", region="KZ-71")
    ini.refresh_from_db()
    assert ini.status == S.DRAFT


def test_the_whole_flow_by_a_coordinator() -> None:
    c = coordinator()
    ini = InitiativeFactory(region="KZ-71", sectors=["manufacturing"])
    investor = OrganizationFactory(name="Investor Co")
    project = ProjectFactory(regions=["KZ-71"])
    event = make_event("forum", PAST)
    move(ini, "submit", c)
    assert allowed_actions(c, ini) == ["return", "present", "withdraw"]
    move(ini, "present", c, event=event)
    move(ini, "match", c, investor=investor)
    move(ini, "convert", c, project=project)
    ini.refresh_from_db()
    assert (ini.status, ini.event, ini.investor, ini.project) == (
        S.BECAME_PROJECT,
        event,
        investor,
        project,
    )
    assert ini.history.count() == 5
    assert allowed_actions(c, ini) == []
    with pytest.raises(ValidationError) as e:
        initiative_update(actor=c, reason="t", initiative=ini, jobs_planned=1)
    assert "status" in e.value.message_dict


def test_coordinator_returns_a_submission_for_rework() -> None:
    ini = InitiativeFactory()
    move(ini, "submit")
    move(ini, "return", coordinator())
    ini.refresh_from_db()
    assert ini.status == S.DRAFT


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ([], "present"),
        ([], "match"),
        ([], "convert"),
        ([], "return"),
        (["submit"], "submit"),
        (["submit"], "match"),
        (["withdraw"], "submit"),
        (["withdraw"], "withdraw"),
    ],
)
def test_illegal_moves_are_refused_clearly(path: list[str], action: str) -> None:
    ini = InitiativeFactory()
    for step in path:
        move(ini, step)
    ini.refresh_from_db()
    before = ini.status
    with pytest.raises(ValidationError) as e:
        move(ini, action, event=make_event("e", PAST), investor=OrganizationFactory())
    message = " ".join(e.value.message_dict["status"])
    assert f"Cannot {action}" in message and ini.code in message and "only" in message
    ini.refresh_from_db()
    assert ini.status == before


def test_unknown_move() -> None:
    with pytest.raises(ValidationError) as e:
        move(InitiativeFactory(), "teleport")
    assert "action" in e.value.message_dict


def test_moves_need_what_they_record() -> None:
    ini = InitiativeFactory(region="KZ-71")
    move(ini, "submit")
    with pytest.raises(ValidationError) as e:
        move(ini, "present")
    assert "event" in e.value.message_dict
    future = make_event("later", dt.date.today() + dt.timedelta(days=30))
    with pytest.raises(ValidationError) as e:
        move(ini, "present", event=future)
    assert "event" in e.value.message_dict
    move(ini, "present", event=make_event("past", PAST))
    with pytest.raises(ValidationError) as e:
        move(ini, "match")
    assert "investor" in e.value.message_dict
    ministry = OrganizationFactory(name="A ministry", kind=Organization.Kind.MINISTRY)
    with pytest.raises(ValidationError) as e:
        move(ini, "match", investor=ministry)
    assert "investor" in e.value.message_dict
    move(ini, "match", investor=OrganizationFactory())
    with pytest.raises(ValidationError) as e:
        move(ini, "convert")
    assert "project" in e.value.message_dict
    elsewhere = ProjectFactory(regions=["KZ-43"])
    with pytest.raises(ValidationError) as e:
        move(ini, "convert", project=elsewhere)
    assert "project" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        move(ini, "submit", on=dt.date.today() + dt.timedelta(days=1))
    ini.refresh_from_db()
    assert ini.status == S.MATCHED


def test_a_project_is_the_outcome_of_one_initiative() -> None:
    project = ProjectFactory(regions=["KZ-71"])
    first, second = InitiativeFactory(), InitiativeFactory()
    for ini in (first, second):
        for step, kw in [
            ("submit", {}),
            ("present", {"event": make_event(f"e-{ini.pk}", PAST)}),
            ("match", {"investor": OrganizationFactory()}),
        ]:
            move(ini, step, **kw)
    move(first, "convert", project=project)
    with pytest.raises(ValidationError) as e:
        move(second, "convert", project=project)
    assert first.code in " ".join(e.value.message_dict["project"])


def test_withdraw_rights() -> None:
    astana = editor("KZ-71")
    ini = InitiativeFactory(region="KZ-71")
    move(ini, "submit")
    move(ini, "present", event=make_event("e", PAST))
    with pytest.raises(PermissionDenied):
        move(ini, "withdraw", astana)
    move(ini, "withdraw", coordinator())
    ini.refresh_from_db()
    assert ini.status == S.WITHDRAWN


def test_update_changes_fields_and_skips_no_op() -> None:
    astana = editor("KZ-71")
    ini = InitiativeFactory(actor=astana, region="KZ-71")
    ini, changed = initiative_update(
        actor=astana,
        reason="t",
        initiative=ini,
        land="ready",
        investment_amount=Decimal("2000000"),
        sectors=["agro-industrial"],
    )
    assert changed and ini.investment_usd == Decimal("2000000.00")
    assert [s.code for s in ini.sectors.all()] == ["agro-industrial"]
    _ini, changed = initiative_update(actor=astana, reason="t", initiative=ini, land="ready")
    assert not changed
    assert ini.history.count() == 2
    with pytest.raises(ValidationError) as e:
        initiative_update(actor=astana, reason="t", initiative=ini, status="matched")
    assert "status" in e.value.message_dict
