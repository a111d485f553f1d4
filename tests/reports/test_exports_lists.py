"""The XLSX of the project list: a spreadsheet that sums to the page's figures."""

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from tests.accounts.factories import make_user
from tests.factories import PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def sheet(client: Any, query: str = "") -> tuple[Any, list[list[Any]]]:
    r = client.get(f"/projects/export.xlsx{query}")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    return wb, [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def world() -> None:
    PortfolioFactory(slug="pf")
    parent = ProjectFactory(
        code="P-1",
        portfolios=["pf"],
        regions=["KZ-19"],
        total_investment_amount=Decimal("2000000000"),
        jobs_planned=500,
    )
    ProjectFactory(
        code="P-1-2",
        portfolios=["pf"],
        parent=parent,
        counts_in_totals=False,
        total_investment_amount=Decimal("700000000"),
        jobs_planned=40,
    )
    ProjectFactory(
        code="P-2",
        portfolios=["pf"],
        regions=["KZ-31"],
        total_investment_amount=Decimal("4500000000"),
        total_investment_currency="KZT",
        total_investment_date="2024-03-15",
        jobs_planned=10,
    )
    ProjectFactory(code="P-R", portfolios=["pf"], confidentiality="restricted")


def test_usd_column_sums_to_the_totals_row_and_the_page(client, world) -> None:
    client.force_login(make_user("coordinator"))
    wb, rows = sheet(client, "?portfolio=pf")
    header, data, total = rows[0], rows[1:-1], rows[-1]
    usd = header.index("Investment, USD")
    assert total[0] == "Total"
    assert sum(r[usd] or 0 for r in data) == pytest.approx(total[usd])
    page = client.get("/projects/?portfolio=pf").context
    assert total[usd] == pytest.approx(float(page["totals"].investment_usd))
    assert total[header.index("Jobs planned")] == page["totals"].jobs_planned == 610
    # the phase keeps its recorded amount, says where it counts, adds nothing
    phase = next(r for r in data if r[0] == "P-1-2")
    assert phase[usd] is None and phase[header.index("Investment as recorded")] == 700000000
    assert phase[header.index("Counted in totals")] == "no: counted in P-1"
    assert wb.worksheets[1]["A1"].value.startswith("4 records, 3 counted in totals")


def test_amounts_carry_currency_rate_and_labels_beside_codes(client, world) -> None:
    client.force_login(make_user("coordinator"))
    _wb, rows = sheet(client, "?portfolio=pf")
    header = rows[0]
    kzt = next(r for r in rows if r[0] == "P-2")
    cell = dict(zip(header, kzt, strict=True))
    assert cell["Currency"] == "KZT" and cell["Investment as recorded"] == 4500000000
    assert cell["Rate used, units per USD"] > 0 and cell["Rate date"] is not None
    assert cell["Investment, USD"] == pytest.approx(
        4500000000 / cell["Rate used, units per USD"], rel=1e-6
    )
    assert (cell["Regions"], cell["Region codes"]) == ("Zhambyl Region", "KZ-31")
    assert (cell["Stage"], cell["Stage code"]) == ("announced", "announced")


def test_spreadsheet_has_frozen_header_filter_formats_and_widths(client, world) -> None:
    client.force_login(make_user("coordinator"))
    r = client.get("/projects/export.xlsx?portfolio=pf")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:T5"
    assert ws["J2"].number_format == "#,##0" and ws["M2"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["B"].width == 48
    assert ws["A1"].font.b


def test_a_reader_who_sees_less_is_told_how_much_less(client, world) -> None:
    client.force_login(make_user("analyst"))
    wb, rows = sheet(client, "?portfolio=pf")
    assert [r[0] for r in rows[1:-1]] == ["P-1", "P-1-2", "P-2"]
    notes = [c.value for c in wb.worksheets[1]["A"]]
    assert "You see 2 of 3 projects; 1 is restricted." in notes


def test_the_totals_row_speaks_the_readers_language(client, world) -> None:
    client.force_login(make_user("coordinator"))
    # The request activates the reader's language in this thread: give it back afterwards.
    with translation.override("en"):
        for lang, word in (("ru", "Итого"), ("kk", "Барлығы")):
            r = client.get("/projects/export.xlsx?portfolio=pf", HTTP_ACCEPT_LANGUAGE=lang)
            rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0].values)
            assert rows[-1][0] == word
