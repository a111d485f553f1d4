from decimal import Decimal
from pathlib import Path

import pytest

from keruen.imports.mapping import Mapping
from keruen.imports.readers import FileRejected
from keruen.imports.services import import_run
from keruen.projects.models import Project
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_third_party_csv_in_usd_millions_imports_through_the_mapping() -> None:
    report = import_run(
        actor=None,
        kind="projects",
        source=EXAMPLES / "third-party-projects.csv",
        mapping=EXAMPLES / "third-party-mapping.toml",
    )
    assert report.ok, report.problems
    assert report.counts["created"] == 3
    assert report.ignored_columns == ["Notes"]
    amounts = sorted(Project.objects.values_list("total_investment_amount", flat=True))
    assert amounts == [Decimal("300000000.00"), Decimal("1234500000.00"), Decimal("4200000000.00")]
    total = sum(Project.objects.values_list("total_investment_usd", flat=True))
    assert total == Decimal("5734500000.00")
    wind = Project.objects.get(title="Zharkent wind farm")
    assert [r.code for r in wind.regions.all()] == ["KZ-33"]
    assert wind.stage == "agreed" and wind.total_investment_currency_id == "USD"
    assert wind.investors.get().organization.country.code == "CN"
    assert [p.slug for p in wind.portfolios.all()] == ["ca-china-forum-2025"]


def test_unreadable_amount_is_reported_per_cell(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "t.csv", ["Name", "USD mln"], [["A", "about 5"], ["B", "$4,200 "]])
    mapping = Mapping.from_dict(
        {
            "columns": {"Name": "title", "USD mln": "total_investment_amount"},
            "constants": {
                "total_investment_currency": "USD",
                "total_investment_date": "2025-01-01",
            },
            "multipliers": {"total_investment_amount": 1_000_000},
        },
        allowed={
            "title",
            "total_investment_amount",
            "total_investment_currency",
            "total_investment_date",
        },
    )
    report = import_run(actor=None, kind="projects", source=f, mapping=mapping)
    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (2, "total_investment_amount", "about 5")
    ]
    assert Project.objects.count() == 0


def test_amount_currency_must_agree_with_the_currency_column(tmp_path: Path) -> None:
    f = write_csv(
        tmp_path / "t.csv",
        ["title", "total_investment_amount", "total_investment_currency", "total_investment_date"],
        [["A", "$5", "KZT", "2025-01-01"]],
    )
    report = import_run(actor=None, kind="projects", source=f)
    assert [(p.row, p.column) for p in report.problems] == [(2, "total_investment_amount")]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"colums": {}}, "Unknown mapping section"),
        ({"columns": {"A": "colour"}}, "colour"),
        ({"constants": {"colour": "x"}}, "colour"),
        ({"multipliers": {"total_investment_amount": "lots"}}, "not a number"),
    ],
)
def test_bad_mapping_files_are_refused(data: dict, fragment: str) -> None:
    with pytest.raises(FileRejected) as e:
        Mapping.from_dict(data, allowed={"title", "total_investment_amount"})
    assert fragment in str(e.value)


def test_mapping_that_is_not_toml(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text("[columns\n", encoding="utf-8")
    f = write_csv(tmp_path / "t.csv", ["title"], [["A"]])
    report = import_run(actor=None, kind="projects", source=f, mapping=bad)
    assert "not valid TOML" in str(report.problems[0])
