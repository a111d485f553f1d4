import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keruen.accounts.services import user_create
from keruen.projects.models import Project, ProjectInvestor
from keruen.projects.services import (
    InvestorInput,
    project_create,
    project_next_code,
    project_update,
)
from keruen.web.changes import changes
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_create_derives_usd_and_remembers_the_rate() -> None:
    p = ProjectFactory(
        total_investment_amount=Decimal("1000000000"),
        total_investment_currency="KZT",
        total_investment_date=dt.date(2025, 6, 20),
    )
    assert p.total_investment_fx is not None
    assert p.total_investment_fx.currency.code == "KZT"
    assert p.total_investment_fx.date <= dt.date(2025, 6, 20)
    expected = (Decimal("1000000000") / p.total_investment_fx.units_per_usd).quantize(
        Decimal("0.01")
    )
    assert p.total_investment_usd == expected


def test_codes_are_generated_in_sequence() -> None:
    a = ProjectFactory()
    b = ProjectFactory()
    assert a.code == "P-000001" and b.code == "P-000002"
    assert project_next_code() == "P-000003"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total_investment_amount": Decimal("-5")}, "total_investment_amount"),
        ({"total_investment_currency": "XYZ"}, "total_investment_currency"),
        ({"regions": ["KZ-99"]}, "regions"),
        ({"regions": ["RU-MOW"]}, "regions"),
        ({"start_on": dt.date(2026, 1, 1), "end_on": dt.date(2025, 1, 1)}, "end_on"),
        ({"total_investment_date": None}, "total_investment_date"),
        (
            {"total_investment_date": dt.date(1990, 1, 1), "total_investment_currency": "KZT"},
            "total_investment_currency",
        ),
        ({"stage": "dreaming"}, "stage"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_rejected_by_field_and_nothing_is_written(changes, field) -> None:
    with pytest.raises(ValidationError) as e:
        ProjectFactory(**changes)
    assert field in e.value.message_dict
    assert e.value.message_dict[field][0]
    assert Project.objects.count() == 0


def test_unknown_currency_message_names_the_value() -> None:
    with pytest.raises(ValidationError) as e:
        ProjectFactory(total_investment_currency="XYZ")
    assert "XYZ" in e.value.message_dict["total_investment_currency"][0]


def test_investor_shares_over_100_percent_are_rejected() -> None:
    a, b = OrganizationFactory(), OrganizationFactory()
    with pytest.raises(ValidationError) as e:
        ProjectFactory(
            investors=[
                InvestorInput(a, share=Decimal(70)),
                InvestorInput(b, ProjectInvestor.Role.CO_INVESTOR, Decimal(40)),
            ]
        )
    assert "110" in e.value.message_dict["investors"][0]
    assert Project.objects.count() == 0 and ProjectInvestor.objects.count() == 0


def test_duplicate_code_is_rejected() -> None:
    ProjectFactory(code="KZCN-001")
    with pytest.raises(ValidationError) as e:
        ProjectFactory(code="KZCN-001")
    assert "code" in e.value.message_dict
    assert Project.objects.count() == 1


def test_investors_are_saved_with_roles_and_shares() -> None:
    a, b = OrganizationFactory(), OrganizationFactory()
    p = project_create(
        actor=None,
        reason="t",
        title="Plant",
        investors=[
            InvestorInput(a, share=Decimal(60)),
            InvestorInput(b, ProjectInvestor.Role.CO_INVESTOR, Decimal(40)),
        ],
    )
    assert sorted((i.organization_id, i.role, i.share) for i in p.investors.all()) == sorted(
        [(a.pk, "lead", Decimal("60.00")), (b.pk, "co_investor", Decimal("40.00"))]
    )


def test_investor_changes_are_the_projects_changes_with_who_and_why() -> None:
    """Adding, changing and removing an investor through `project_update` each leave a change of
    the project (as its history page shows it): the investor before and after, who, and why."""
    editor = user_create(actor=None, reason="t", username="ed", role="coordinator")
    a = OrganizationFactory(name="CNPC")
    b = OrganizationFactory(name="Hengtai Agro")
    p = ProjectFactory(investors=[InvestorInput(a, share=Decimal(60))])
    for investors, why in (
        ([InvestorInput(a, share=Decimal(60)), InvestorInput(b, share=Decimal(20))], "joined"),
        ([InvestorInput(a, share=Decimal(70)), InvestorInput(b, share=Decimal(20))], "raised"),
        ([InvestorInput(a, share=Decimal(70))], "left"),
    ):
        assert project_update(actor=editor, reason=why, project=p, investors=investors)[1]
    entries = changes(p, parts={"investors": "Investors"})
    seen = [(e.reason, e.user, [(c.old, c.new) for c in e.changes]) for e in entries[:3]]
    assert seen == [
        ("left", editor, [("Hengtai Agro · lead investor · 20", "—")]),
        ("raised", editor, [("CNPC · lead investor · 60", "CNPC · lead investor · 70")]),
        ("joined", editor, [("—", "Hengtai Agro · lead investor · 20")]),
    ]
    assert all(e.changes[0].label == "Investors" for e in entries[:3])
    assert changes(p, parts={"investors": "Investors"}, hidden=frozenset({"investors"})) == (
        changes(p)
    )


def _bulk_update_queries(n: int) -> tuple[int, list[Project]]:
    """Change `n` projects (a field, and their investors: one reshared, one gone, one added)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from keruen.projects.services import ProjectChange, project_bulk_update

    lead, partner, newcomer = (OrganizationFactory() for _ in range(3))
    projects = [
        ProjectFactory(
            jobs_planned=1,
            investors=[InvestorInput(lead, share=Decimal(60)), InvestorInput(partner, share=None)],
        )
        for _ in range(n)
    ]
    fresh = list(Project.objects.filter(pk__in=[p.pk for p in projects]).order_by("pk"))
    changes = [
        ProjectChange(
            project=p,
            values={"jobs_planned": 2},
            investors=[
                InvestorInput(lead, share=Decimal(70)),
                InvestorInput(newcomer, share=Decimal(30), role=ProjectInvestor.Role.CO_INVESTOR),
            ],
        )
        for p in fresh
    ]
    with CaptureQueriesContext(connection) as ctx:
        changed, errors = project_bulk_update(actor=None, reason="test", changes=changes)
    assert not errors and all(changed)
    return len(ctx.captured_queries), fresh


@pytest.mark.django_db
def test_bulk_update_runs_the_same_queries_for_10_rows_or_100() -> None:
    # the first bulk write of the process reads the tables' key sequences once (keruen.projects
    # .bulk._sequence): a run before the two counted ones keeps that out of the comparison
    _bulk_update_queries(1)
    few, _ = _bulk_update_queries(10)
    many, projects = _bulk_update_queries(100)
    assert many == few
    p = projects[-1]
    assert p.jobs_planned == 2 and Project.objects.get(pk=p.pk).jobs_planned == 2
    investors = {(i.organization_id, i.role, i.share) for i in p.investors.all()}
    assert len(investors) == 2 and {share for _o, _r, share in investors} == {70, 30}
    kinds = sorted(
        ProjectInvestor.history.filter(project_id=p.pk).values_list("history_type", flat=True)
    )
    assert kinds == ["+", "+", "+", "-", "~"]  # two created, one added, one gone, one reshared
