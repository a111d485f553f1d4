"""The list pages' exports: spreadsheets that sum to the pages' figures, one shape for all."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from keruen.agreements.models import Agreement, Event
from keruen.agreements.services import agreement_create
from keruen.projects.figures import summary
from keruen.reference.models import Region
from keruen.web.templatetags import keruen_tags
from tests.accounts.factories import make_user
from tests.factories import PortfolioFactory, ProjectFactory
from tests.instructions.factories import akimat, instruction, meeting
from tests.regions.factories import InitiativeFactory
from tests.web.footers import footer

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


# --- every other list: the same shape, one code path -------------------------------------------

LISTS = ["agreements", "events", "organizations", "instructions", "initiatives", "regions"]


@pytest.fixture
def records() -> None:
    kz19, kz71 = Region.objects.get(code="KZ-19"), Region.objects.get(code="KZ-71")
    forum = meeting(slug="forum-1", title="Forum", region=kz19)
    for code, region, amount, currency, secrecy in (
        ("A-1", kz19, "1000000", "USD", "public"),
        ("A-2", kz71, "5000000000", "KZT", "public"),
        ("A-R", kz19, "7000000", "USD", "restricted"),
    ):
        agreement_create(
            actor=None,
            reason="t",
            code=code,
            title=f"Agreement {code}",
            kind=Agreement.Kind.COMMERCIAL,
            signed_on=dt.date(2025, 6, 17),
            event=forum,
            region=region,
            value_amount=Decimal(amount),
            value_currency=currency,
            value_date=dt.date(2025, 6, 17),
            confidentiality=secrecy,
        )
    instruction(event=forum)
    InitiativeFactory(region="KZ-71", jobs_planned=30)
    ProjectFactory(code="P-1", regions=["KZ-19"], total_investment_amount=Decimal("2000000"))


def xlsx(client: Any, path: str) -> tuple[Any, list[list[Any]]]:
    r = client.get(path)
    assert r.status_code == 200, path
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    return wb, [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]


def csv_rows(client: Any, path: str) -> list[list[str]]:
    r = client.get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv"), path
    return list(csv.reader(io.StringIO(r.content.decode())))


@pytest.mark.parametrize("name", LISTS)
def test_every_list_links_its_exports_and_writes_them_with_a_totals_row(
    client: Any, records: None, name: str
) -> None:
    client.force_login(make_user("coordinator"))
    page = client.get(f"/{name}/").content.decode()
    assert f'href="/{name}/export.xlsx' in page and f'href="/{name}/export.csv' in page
    wb, rows = xlsx(client, f"/{name}/export.xlsx")
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws["A1"].font.b
    assert rows[-1][0] == "Total" and len(rows) >= 3
    # the CSV is the same table, header, rows and totals row alike
    table = csv_rows(client, f"/{name}/export.csv")
    assert table[0] == rows[0]
    assert len(table) == len(rows) and table[-1][0] == "Total"


def test_an_agreement_export_follows_the_filters_and_sums_in_usd(
    client: Any, records: None
) -> None:
    client.force_login(make_user("coordinator"))
    _wb, rows = xlsx(client, "/agreements/export.xlsx?region=KZ-19&sort=-value")
    header, data, total = rows[0], rows[1:-1], rows[-1]
    assert [r[0] for r in data] == ["A-R", "A-1"]
    usd = header.index("Value, USD")
    assert total[usd] == pytest.approx(8_000_000) == sum(r[usd] for r in data)
    assert total[header.index("Title")] == "2 rows"
    _wb, rows = xlsx(client, "/agreements/export.xlsx?region=KZ-71")
    kzt = dict(zip(rows[0], rows[1], strict=True))
    assert (kzt["Currency"], kzt["Value as recorded"]) == ("KZT", 5000000000)
    assert kzt["Value, USD"] == pytest.approx(5000000000 / kzt["Rate used, units per USD"])
    assert (kzt["Region"], kzt["Region code"]) == ("Astana", "KZ-71")
    assert (kzt["Kind"], kzt["Kind code"]) == ("commercial agreement", "commercial")


def test_rows_the_reader_may_not_see_are_counted_not_dropped(client: Any, records: None) -> None:
    client.force_login(make_user("analyst"))
    wb, rows = xlsx(client, "/agreements/export.xlsx")
    assert [r[0] for r in rows[1:-1]] == ["A-1", "A-2"]
    said = "You see 2 of 3 records; 1 is restricted."
    assert wb.worksheets[1]["A1"].value == said
    assert said in rows[-1][rows[0].index("Title")]
    assert said in csv_rows(client, "/agreements/export.csv")[-1][1]
    client.logout()
    public = csv_rows(client, "/agreements/export.csv")
    assert "Public edition. You see 2 of 3 records; 1 is not public." in public[-1][1]


def test_the_region_export_totals_row_is_the_national_card(client: Any, records: None) -> None:
    user = make_user("coordinator")
    client.force_login(user)
    _wb, rows = xlsx(client, "/regions/export.xlsx?sort=-projects")
    header, data, total = rows[0], rows[1:-1], rows[-1]
    assert len(data) == 20 and data[0][0] == "KZ-19"
    figures = summary(user=user)
    assert total[header.index("Projects counted in totals")] == figures.projects == 1
    usd = header.index("Investment, USD")
    assert total[usd] == pytest.approx(float(figures.investment_usd))
    assert total[header.index("Agreements")] == 3


# --- the list page's footer says what the export's totals row says ------------------------------


@pytest.fixture
def selections(records: None) -> None:
    """Beside `records`: an instruction of Astana's akimat and an initiative of Almaty, so that an
    Astana editor sees some of each list and not the rest."""
    instruction(event=Event.objects.get(slug="forum-1"), lead_executor=akimat("KZ-71"))
    InitiativeFactory(region="KZ-19", investment_amount=20_000_000, jobs_planned=70)


#: list → a filter, and the headers of its export's USD and jobs columns (where it has them).
FOOTERS = {
    "agreements": ("?region=KZ-19&sort=-value", "Value, USD", None),
    "events": ("?region=KZ-19", None, None),
    "organizations": ("?kind=ministry", None, None),
    "instructions": ("?meeting=forum-1", None, None),
    "initiatives": ("?status=draft", "Estimated investment, USD", "Jobs expected"),
}


@pytest.mark.parametrize("role", ["coordinator", "regional_editor"])
@pytest.mark.parametrize("name", FOOTERS)
def test_the_list_footer_says_what_the_exports_totals_row_says(
    client: Any, selections: None, name: str, role: str
) -> None:
    client.force_login(make_user(role, regions=["KZ-71"] if role == "regional_editor" else None))
    query, usd, jobs = FOOTERS[name]
    foot = footer(client, f"/{name}/{query}")
    _wb, rows = xlsx(client, f"/{name}/export.xlsx{query}")
    table = csv_rows(client, f"/{name}/export.csv{query}")
    for header, data, total in (
        (rows[0], rows[1:-1], rows[-1]),
        (table[0], table[1:-1], table[-1]),
    ):
        assert foot["count"] == len(data)
        said = str(total[1])  # the count sits under the title (name, text)
        assert said.startswith(f"{foot['count']} row")
        assert ("(" in said) == bool(foot["hidden"])
        for note in re.findall(r"\(([^)]*)\)", said):
            assert note in foot["text"]
        if usd:
            assert foot["usd"] == pytest.approx(Decimal(str(total[header.index(usd)])))
        else:
            assert foot["usd"] is None
        if jobs:
            assert foot["jobs"] == int(total[header.index(jobs)])
        else:
            assert foot["jobs"] is None
    assert ("restricted" in foot["text"]) == bool(foot["hidden"])


def test_what_an_editor_sees_of_each_list_and_what_is_hidden(client: Any, selections: None) -> None:
    client.force_login(make_user("regional_editor", regions=["KZ-71"]))
    agreements = footer(client, "/agreements/?region=KZ-19")
    assert (agreements["count"], agreements["hidden"]) == (1, 1)
    assert agreements["usd"] == Decimal("1000000")
    assert "Total: 1 record" in agreements["text"]
    assert "You see 1 of 2 records; 1 is restricted." in agreements["text"]
    instructions = footer(client, "/instructions/?meeting=forum-1")
    assert (instructions["count"], instructions["hidden"]) == (1, 1)
    initiatives = footer(client, "/initiatives/?status=draft")
    assert (initiatives["count"], initiatives["hidden"], initiatives["jobs"]) == (1, 1, 30)
    assert footer(client, "/organizations/?kind=ministry")["hidden"] == 0


def test_the_coordinator_sees_everything_and_is_told_nothing_is_hidden(
    client: Any, selections: None
) -> None:
    client.force_login(make_user("coordinator"))
    agreements = footer(client, "/agreements/?region=KZ-19")
    assert (agreements["count"], agreements["hidden"]) == (2, 0)
    assert agreements["usd"] == Decimal("8000000")
    assert "You see" not in agreements["text"]
    initiatives = footer(client, "/initiatives/?status=draft")
    assert (initiatives["count"], initiatives["jobs"]) == (2, 100)
    assert initiatives["usd"] == Decimal("70000000")


def test_the_public_footer_says_it_is_the_public_edition(client: Any, selections: None) -> None:
    foot = footer(client, "/instructions/")
    assert foot["count"] == 0 and foot["hidden"] == 2
    assert "Public edition. You see 0 of 2 records; 2 are not public." in foot["text"]
    said = csv_rows(client, "/instructions/export.csv")[-1][1]
    assert said == "0 rows (Public edition. You see 0 of 2 records; 2 are not public.)"


def test_the_footer_is_in_the_results_htmx_swaps_in(client: Any, selections: None) -> None:
    client.force_login(make_user("coordinator"))
    for name in ("agreements", "events", "organizations"):
        query = FOOTERS[name][0]
        r = client.get(f"/{name}/{query}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
        html = r.content.decode()
        assert "<html" not in html and html.lstrip().startswith('<section id="results"')
        assert footer(client, f"/{name}/{query}")["count"] == int(
            re.search(r'data-count="(\d+)"', html).group(1)
        )


def test_the_footer_speaks_the_readers_language(client: Any, selections: None) -> None:
    client.force_login(make_user("coordinator"))
    with translation.override("en"):
        ru = footer(client, "/agreements/?region=KZ-19", HTTP_ACCEPT_LANGUAGE="ru")["text"]
        kk = footer(client, "/agreements/?region=KZ-19", HTTP_ACCEPT_LANGUAGE="kk")["text"]
        usd = footer(client, "/initiatives/", HTTP_ACCEPT_LANGUAGE="ru")["text"]
    assert "Итого: 2 записи" in ru and "Барлығы: 2 жазба" in kk
    with translation.override("ru"):
        assert keruen_tags.usd(Decimal("70000000")) in usd
