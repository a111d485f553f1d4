"""[templates] in mapping files: columns composed from others, with fallbacks, read by the
canonical column's parser — a third-party sheet whose date is split over Year and Month and whose
title column is sometimes empty."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from keruen.imports.kinds import KINDS
from keruen.imports.mapping import Mapping, Template
from keruen.imports.readers import FileRejected
from keruen.imports.services import import_run
from keruen.projects.models import Project
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
ALLOWED = set(KINDS["projects"].columns)


def test_the_cgit_example_imports_whole() -> None:
    report = import_run(
        actor=None,
        kind="projects",
        source=EXAMPLES / "cgit-kazakhstan.csv",
        mapping=EXAMPLES / "cgit-mapping.toml",
    )
    assert report.ok, report.problems
    assert report.counts["created"] == 4
    assert "Year" not in report.ignored_columns and "Share Size" in report.ignored_columns
    titles = dict(Project.objects.values_list("title", "total_investment_date"))
    assert titles == {
        "PetroKazakhstan (2005)": dt.date(2005, 8, 1),
        "KazMunayGas (2013)": dt.date(2013, 9, 1),
        "China Nonferrous (2017)": dt.date(2017, 6, 1),  # no target: the investor
        "CITIC Group (2019)": dt.date(2019, 3, 1),
    }
    petro = Project.objects.get(title="PetroKazakhstan (2005)")
    assert petro.total_investment_amount == Decimal("4200000000.00")
    assert petro.description == "Energy: Oil"


def test_a_date_in_russian_month_names(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "t.csv", ["Название", "Год", "Месяц"], [["Завод", "2024", "март"]])
    mapping = Mapping.from_dict(
        {"columns": {"Название": "title"}, "templates": {"start_on": "{Месяц} {Год}"}},
        allowed=ALLOWED,
    )
    report = import_run(actor=None, kind="projects", source=f, mapping=mapping)
    assert report.ok, report.problems
    assert Project.objects.get().start_on == dt.date(2024, 3, 1)


def test_a_bad_composed_date_is_reported_for_its_row_and_column(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "t.csv", ["T", "Y", "M"], [["A", "2024", "Smarch"]])
    mapping = Mapping.from_dict(
        {"columns": {"T": "title"}, "templates": {"start_on": "{M} {Y}"}}, allowed=ALLOWED
    )
    report = import_run(actor=None, kind="projects", source=f, mapping=mapping)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "start_on", "Smarch 2024")]
    assert "August 2005" in report.problems[0].expected
    assert not Project.objects.exists()


def test_a_template_reading_a_missing_column_is_refused_before_any_row(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "t.csv", ["T"], [["A"]])
    mapping = Mapping.from_dict(
        {"columns": {"T": "title"}, "templates": {"start_on": "{Month} {Year}"}}, allowed=ALLOWED
    )
    report = import_run(actor=None, kind="projects", source=f, mapping=mapping)
    assert {(p.row, p.column) for p in report.problems} == {(1, "start_on")}
    assert "'Month'" in report.problems[0].expected


def test_all_empty_placeholders_give_an_empty_cell_and_a_constant_can_fill_it() -> None:
    t = Template.parse("{A|B} ({Y})")
    assert t.render({"A": "", "B": "Investor", "Y": "2020"}) == "Investor (2020)"
    assert t.render({"A": " ", "B": "", "Y": ""}) == ""
    assert Template.parse("{{{A}}}").render({"A": "x"}) == "{x}"
    assert t.sources == ["A", "B", "Y"]


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{Month", "unmatched or empty brace"),
        ("{}", "unmatched or empty brace"),
        ("{A|}", "empty column name"),
        ("fixed", "no {Column} placeholder"),
    ],
)
def test_bad_templates_are_refused_naming_the_column(template: str, problem: str) -> None:
    with pytest.raises(FileRejected, match=r"\[templates\] start_on = .*" + problem):
        Mapping.from_dict({"templates": {"start_on": template}}, allowed=ALLOWED)


def test_a_column_given_twice_or_unknown_is_refused() -> None:
    with pytest.raises(FileRejected, match="title is given by both"):
        Mapping.from_dict(
            {"columns": {"Name": "title"}, "templates": {"title": "{Name}"}}, allowed=ALLOWED
        )
    with pytest.raises(FileRejected, match=r"\[templates\] names 'nope'"):
        Mapping.from_dict({"templates": {"nope": "{A}"}}, allowed=ALLOWED)
