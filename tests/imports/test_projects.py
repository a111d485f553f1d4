import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from keruen.imports.services import import_run
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project
from keruen.reference.models import FxRate
from keruen.reference.services import fx_rate_upsert
from tests.factories import OrganizationFactory, ProjectFactory
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "title",
    "stage",
    "regions",
    "sectors",
    "investors",
    "investor_roles",
    "investor_shares",
    "investor_countries",
    "total_investment_amount",
    "total_investment_currency",
    "total_investment_date",
    "jobs_planned",
    "portfolios",
]


def row(code: str, **over: str) -> list[str]:
    base = {
        "code": code,
        "title": f"Plant {code}",
        "stage": "agreed",
        "regions": "KZ-19",
        "sectors": "manufacturing",
        "investors": "Tianshan Agro LLC; Dala Agro LLP",
        "investor_roles": "lead; co_investor",
        "investor_shares": "60.00; 40.00",
        "investor_countries": "CN; KZ",
        "total_investment_amount": "1000000.00",
        "total_investment_currency": "USD",
        "total_investment_date": "2025-06-01",
        "jobs_planned": "100",
        "portfolios": "test-portfolio",
    }
    base.update(over)
    return [base[h] for h in HEADER]


def test_import_creates_projects_investors_organizations_and_portfolios(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1"), row("T-2", regions="Алматы облысы")])
    report = import_run(actor=None, kind="projects", source=f)
    assert report.ok, report.problems
    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.new_organizations == ["Tianshan Agro LLC", "Dala Agro LLP"]
    assert report.new_portfolios == ["test-portfolio"]
    p = Project.objects.get(code="T-2")
    assert [r.code for r in p.regions.all()] == ["KZ-19"]
    assert p.total_investment_usd == Decimal("1000000.00")
    inv = {i.organization.name: (i.role, i.share) for i in p.investors.all()}
    assert inv == {
        "Tianshan Agro LLC": ("lead", Decimal("60.00")),
        "Dala Agro LLP": ("co_investor", Decimal("40.00")),
    }
    assert Organization.objects.get(name="Tianshan Agro LLC").country.code == "CN"
    assert Portfolio.objects.filter(slug="test-portfolio").exists()


def test_importing_the_same_file_twice_changes_nothing_and_records_no_history(
    tmp_path: Path,
) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1"), row("T-2")])
    assert import_run(actor=None, kind="projects", source=f).ok
    history = Project.history.count()
    report = import_run(actor=None, kind="projects", source=f)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert Project.history.count() == history


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Renamed plant"},
        {"stage": "construction"},
        {"regions": "KZ-19; KZ-75"},
        {"sectors": ""},
        {"investor_shares": "70.00; 30.00"},
        {
            "investors": "Tianshan Agro LLC",
            "investor_roles": "lead",
            "investor_shares": "",
            "investor_countries": "CN",
        },
        {"total_investment_amount": "1000000.01"},
        {"total_investment_currency": "KZT"},
        {"total_investment_date": "2025-06-02"},
        {"jobs_planned": ""},
        {"portfolios": "other-portfolio"},
    ],
    ids=lambda c: "+".join(c),
)
def test_a_rerun_finds_every_kind_of_change_among_unchanged_rows(
    tmp_path: Path, change: dict[str, str]
) -> None:
    """The rerun compares whole batches with what is stored: one changed cell in any column is
    an update, its neighbours stay unchanged."""
    fx_rate_upsert(
        currency="KZT",
        date=dt.date(2025, 6, 1),
        units_per_usd=Decimal("500"),
        source="test",
    )
    f = write_csv(tmp_path / "p.csv", HEADER, [row(f"T-{i}") for i in range(5)])
    assert import_run(actor=None, kind="projects", source=f).ok
    rows = [row(f"T-{i}") for i in range(5)]
    rows[2] = row("T-2", **change)
    g = write_csv(tmp_path / "q.csv", HEADER, rows)
    report = import_run(actor=None, kind="projects", source=g)
    assert report.ok, report.problems
    assert report.counts == {"created": 0, "updated": 1, "unchanged": 4}
    assert report.codes["updated"] == ["T-2"]
    # Written in bulk as project_update writes: one "~" history row with the relations as they
    # are now (none when only investors changed: they have their own history).
    p = Project.objects.get(code="T-2")
    history = list(p.history.all())
    if any(c.startswith("investor") for c in change):
        assert len(history) == 1
    else:
        assert [h.history_type for h in history] == ["~", "+"]
        assert {r.region_id for r in history[0].regions.all()} == {r.pk for r in p.regions.all()}
        assert {s.sector_id for s in history[0].sectors.all()} == {s.pk for s in p.sectors.all()}
    assert import_run(actor=None, kind="projects", source=g).counts["unchanged"] == 5


def test_an_update_records_one_history_row(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1")])
    assert import_run(actor=None, kind="projects", source=f).ok
    g = write_csv(tmp_path / "q.csv", HEADER, [row("T-1", jobs_planned="250")])
    report = import_run(actor=None, kind="projects", source=g, reason="corrected figures")
    assert report.counts["updated"] == 1
    p = Project.objects.get(code="T-1")
    assert p.jobs_planned == 250
    last = p.history.first()
    assert last.history_change_reason == "corrected figures"
    assert p.history.count() == 2


def test_organizations_are_matched_by_alias_in_any_script(tmp_path: Path) -> None:
    org = OrganizationFactory(
        name="Tianshan Agro Technology Co., Ltd.", aliases=[("天山农业科技有限公司", "hanzi")]
    )
    f = write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            row(
                "T-1",
                investors="天山农业科技有限公司",
                investor_roles="",
                investor_shares="100",
                investor_countries="",
            )
        ],
    )
    report = import_run(actor=None, kind="projects", source=f, allow_new_organizations=False)
    assert report.ok, report.problems
    assert report.new_organizations == []
    assert Project.objects.get(code="T-1").investors.get().organization == org


def test_unknown_organization_is_an_error_when_new_ones_are_not_allowed(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1")])
    report = import_run(actor=None, kind="projects", source=f, allow_new_organizations=False)
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} == {(2, "investors")}
    assert Project.objects.count() == 0 and Organization.objects.count() == 0


def test_every_problem_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [row(f"T-{i}") for i in range(1, 60)]
    rows[56] = row("T-57", total_investment_currency="XYZ")  # spreadsheet row 58
    rows[10] = row("T-11", regions="Atlantis", jobs_planned="many")
    rows[20] = row("T-21", total_investment_date="17.06.2025")
    f = write_csv(tmp_path / "p.csv", HEADER, rows)
    report = import_run(actor=None, kind="projects", source=f)
    where = {(p.row, p.column) for p in report.problems}
    assert where == {
        (58, "total_investment_currency"),
        (12, "regions"),
        (12, "jobs_planned"),
        (22, "total_investment_date"),
    }
    bad = next(p for p in report.problems if p.row == 58)
    assert bad.value == "XYZ" and "ISO 4217" in bad.expected
    assert "row 58" in str(bad) and "total_investment_currency" in str(bad)
    assert Project.objects.count() == 0
    assert Organization.objects.count() == 0 and Portfolio.objects.count() == 0


def test_service_rejections_are_reported_by_row_and_column(tmp_path: Path) -> None:
    header = [*HEADER, "start_on", "end_on"]
    rows = [
        [*row("T-1", investor_shares="70; 40"), "", ""],
        [*row("T-2"), "2026-01-01", "2025-01-01"],
        [*row("T-3", total_investment_currency="KZT", total_investment_date="1990-01-01"), "", ""],
    ]
    f = write_csv(tmp_path / "p.csv", header, rows)
    report = import_run(actor=None, kind="projects", source=f)
    assert {(p.row, p.column) for p in report.problems} == {
        (2, "investors"),
        (3, "end_on"),
        (4, "total_investment_currency"),
    }
    assert Project.objects.count() == 0


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    ProjectFactory(code="T-1", title="Plant T-1")
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1"), row("T-2")])
    report = import_run(actor=None, kind="projects", source=f, dry_run=True)
    assert report.ok and not report.written
    assert report.counts == {"created": 1, "updated": 1, "unchanged": 0}
    assert Project.objects.count() == 1
    assert Project.objects.get(code="T-1").investors.count() == 0


def test_rows_without_a_code_get_a_new_one(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row(""), row("")])
    report = import_run(actor=None, kind="projects", source=f)
    assert report.ok, report.problems
    assert sorted(Project.objects.values_list("code", flat=True)) == ["P-000001", "P-000002"]


def test_a_parent_later_in_the_file_is_waited_for(tmp_path: Path) -> None:
    header = [*HEADER, "parent", "counts_in_totals"]
    f = write_csv(
        tmp_path / "p.csv",
        header,
        [[*row("A-2"), "Z-1", "false"], [*row("Z-1"), "", "true"]],
    )
    report = import_run(actor=None, kind="projects", source=f)
    assert report.ok, report.problems
    child = Project.objects.get(code="A-2")
    assert child.parent.code == "Z-1" and child.counts_in_totals is False


def test_duplicate_codes_and_unknown_columns_are_reported(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1"), row("T-1")])
    report = import_run(actor=None, kind="projects", source=f)
    assert [(p.row, p.column) for p in report.problems] == [(3, "code")]
    g = write_csv(tmp_path / "q.csv", [*HEADER, "colour"], [[*row("T-1"), "blue"]])
    report = import_run(actor=None, kind="projects", source=g)
    assert [(p.row, p.column) for p in report.problems] == [(1, "colour")]


def test_command_fails_with_row_and_column(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1", total_investment_currency="XYZ")])
    with pytest.raises(CommandError) as e:
        call_command("import", "projects", str(f))
    assert "row 2" in str(e.value) and "total_investment_currency" in str(e.value)
    assert Project.objects.count() == 0


def test_command_dry_run_json(tmp_path: Path, capsys) -> None:
    import json

    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1")])
    call_command("import", "projects", str(f), "--dry-run", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 1 and out["dry_run"] is True and out["written"] is False
    assert Project.objects.count() == 0


def test_dates_before_the_first_rate_are_reported(tmp_path: Path) -> None:
    f = write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            row(
                "T-1",
                total_investment_currency="CNY",
                total_investment_date=str(dt.date(1901, 1, 1)),
            )
        ],
    )
    report = import_run(actor=None, kind="projects", source=f)
    assert [(p.row, p.column) for p in report.problems] == [(2, "total_investment_currency")]


def test_new_rows_are_created_in_bulk_with_one_history_row_each(tmp_path: Path) -> None:
    from keruen.projects.models import ProjectInvestor

    user = __import__("tests.factories", fromlist=["UserFactory"]).UserFactory()
    f = write_csv(tmp_path / "p.csv", HEADER, [row(f"B-{i}") for i in range(30)])
    report = import_run(actor=user, kind="projects", source=f, reason="bulk load")
    assert report.ok, report.problems and report.counts["created"] == 30
    p = Project.objects.get(code="B-7")
    (h,) = p.history.all()
    assert h.history_type == "+" and h.history_change_reason == "bulk load"
    assert h.history_user == user
    assert [r.region.code for r in h.regions.all()] == ["KZ-19"]
    assert ProjectInvestor.history.filter(project_id=p.pk).count() == 2
    assert p.total_investment_usd == Decimal("1000000.00") and p.total_investment_fx is None


def test_amounts_in_tenge_and_yuan_are_stored_with_their_usd_at_the_dates_rate(
    tmp_path: Path,
) -> None:
    fx_rate_upsert(currency="KZT", date=dt.date(2030, 1, 1), units_per_usd=Decimal(500), source="t")
    fx_rate_upsert(currency="CNY", date=dt.date(2030, 1, 1), units_per_usd=Decimal(8), source="t")
    header = [*HEADER, "foreign_investment_amount", "foreign_investment_currency",
              "foreign_investment_date"]  # fmt: skip
    on = {"total_investment_date": "2030-03-01"}
    rows = [
        [*row("T-1", total_investment_amount="1000000", total_investment_currency="KZT", **on),
         "800", "CNY", "2030-01-01"],
        [*row("T-2", total_investment_amount="1000", total_investment_currency="KZT",
              total_investment_date="1990-01-01"), "", "", ""],
    ]  # fmt: skip
    report = import_run(
        actor=None, kind="projects", source=write_csv(tmp_path / "p.csv", header, rows)
    )
    assert [(p.row, p.column) for p in report.problems] == [(3, "total_investment_currency")]
    assert "No exchange rate for KZT on or before 1990-01-01" in str(report.problems[0])
    assert report.ok is False and Project.objects.count() == 0
    report = import_run(
        actor=None, kind="projects", source=write_csv(tmp_path / "q.csv", header, rows[:1])
    )
    assert report.ok, report.problems
    p = Project.objects.get(code="T-1")
    assert (p.total_investment_usd, p.foreign_investment_usd) == (
        Decimal("2000.00"),
        Decimal("100.00"),
    )
    assert p.total_investment_fx == FxRate.objects.get(
        currency__code="KZT", date=dt.date(2030, 1, 1)
    )


def test_an_amount_that_says_its_currency_needs_no_currency_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "total_investment_currency"]
    cells = dict(zip(HEADER, row("T-1", total_investment_amount="$1.5 mln"), strict=True))
    f = write_csv(tmp_path / "p.csv", header, [[cells[h] for h in header]])
    report = import_run(actor=None, kind="projects", source=f)
    assert report.ok, report.problems
    p = Project.objects.get(code="T-1")
    assert (p.total_investment_amount, p.total_investment_currency_id) == (Decimal(1500000), "USD")


def test_an_amount_and_its_currency_column_must_agree(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "p.csv", HEADER, [row("T-1", total_investment_amount="$5",
                                                    total_investment_currency="KZT")])  # fmt: skip
    report = import_run(actor=None, kind="projects", source=f)
    assert [(p.column, p.value) for p in report.problems] == [("total_investment_amount", "$5")]
