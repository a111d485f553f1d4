import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.core.models import Confidentiality
from keruen.imports.services import import_run
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project, ProjectInvestor
from keruen.projects.services import InvestorInput
from keruen.reports.exports.rows import Audience
from keruen.reports.exports.services import export_run
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _dataset() -> None:
    cn = OrganizationFactory(
        name="Huaxia Green Energy Group", aliases=[("华夏绿色能源集团", "hanzi")]
    )
    kz = OrganizationFactory(name="Dala Agro Holding LLP; Almaty")
    body = OrganizationFactory(name="Akimat of Almaty Region", kind="akimat")
    PortfolioFactory(slug="kz-cn", name="KZ-CN")
    parent = ProjectFactory(
        code="KZCN-001",
        title="=cmd|' /C calc'!A0",
        title_ru="Завод, «Алматы»",
        regions=["KZ-19", "KZ-75"],
        sectors=["manufacturing", "energy"],
        portfolios=["kz-cn"],
        investors=[
            InvestorInput(cn, ProjectInvestor.Role.LEAD, Decimal("60")),
            InvestorInput(kz, ProjectInvestor.Role.CO_INVESTOR, Decimal("40")),
        ],
        total_investment_amount=Decimal("1234567.89"),
        total_investment_currency="KZT",
        total_investment_date=dt.date(2024, 3, 1),
        responsible_body=body,
        stage="construction",
        stage_since=dt.date(2025, 1, 2),
        start_on=dt.date(2024, 3, 1),
        end_on=dt.date(2027, 1, 1),
        negotiation_notes="Wants a tariff.",
        confidentiality=Confidentiality.RESTRICTED,
    )
    ProjectFactory(
        code="KZCN-001-P2",
        title="Phase 2, line\nbreak",
        parent=parent,
        counts_in_totals=False,
        stage_since=dt.date(2025, 2, 3),
        portfolios=["kz-cn"],
    )
    ProjectFactory(
        code="KZCN-002", title="Plain", stage_since=dt.date(2025, 2, 3), jobs_planned=None
    )


def _export(kind: str = "projects", fmt: str = "csv", **kwargs) -> str:
    out = io.StringIO()
    export_run(kind=kind, format=fmt, out=out, **kwargs)
    return out.getvalue()


def _empty_registry() -> None:
    ProjectInvestor.objects.all().delete()
    Project.objects.filter(parent__isnull=False).delete()
    Project.objects.all().delete()
    Organization.objects.all().delete()
    Portfolio.objects.all().delete()


def test_export_import_export_is_byte_identical_and_reimport_changes_nothing(
    tmp_path: Path,
) -> None:
    _dataset()
    first = _export()
    path = tmp_path / "p.csv"
    path.write_text(first, encoding="utf-8", newline="")
    _empty_registry()
    report = import_run(actor=None, kind="projects", source=path)
    assert report.ok, report.problems
    assert report.counts["created"] == 3
    assert _export() == first
    history = Project.history.count() + ProjectInvestor.history.count()
    again = import_run(actor=None, kind="projects", source=path)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert Project.history.count() + ProjectInvestor.history.count() == history


def test_csv_is_ordered_by_code_and_neutralises_formulas() -> None:
    _dataset()
    rows = list(csv.DictReader(io.StringIO(_export())))
    assert [r["code"] for r in rows] == ["KZCN-001", "KZCN-001-P2", "KZCN-002"]
    assert rows[0]["title"].startswith("'=")
    assert rows[0]["investors"] == "Huaxia Green Energy Group; Dala Agro Holding LLP\\; Almaty"
    assert rows[0]["investor_shares"] == "60.00; 40.00"
    assert rows[0]["total_investment_amount"] == "1234567.89"
    assert rows[1]["parent"] == "KZCN-001" and rows[1]["counts_in_totals"] == "false"


def test_public_exports_carry_public_records_without_confidential_fields() -> None:
    _dataset()
    rows = list(csv.DictReader(io.StringIO(_export(audience=Audience.public()))))
    assert [r["code"] for r in rows] == ["KZCN-001-P2", "KZCN-002"]
    assert "negotiation_notes" not in rows[0]
    assert rows[0]["parent"] == ""  # KZCN-001 is restricted: not even its code
    full = list(csv.DictReader(io.StringIO(_export())))
    assert full[0]["negotiation_notes"] == "Wants a tariff."


def test_xlsx_export_imports_back(tmp_path: Path) -> None:
    _dataset()
    first = _export()
    path = tmp_path / "p.xlsx"
    with path.open("wb") as f:
        export_run(kind="projects", format="xlsx", out=f)
    _empty_registry()
    report = import_run(actor=None, kind="projects", source=path)
    assert report.ok, report.problems
    assert _export() == first


def test_json_export_has_typed_items() -> None:
    _dataset()
    data = json.loads(_export(fmt="json"))
    assert data["count"] == 3 and data["kind"] == "projects"
    item = data["items"][0]
    assert item["regions"] == ["KZ-19", "KZ-75"]
    assert item["counts_in_totals"] is True and item["jobs_planned"] == 100
    assert item["total_investment_amount"] == "1234567.89"


def test_filters_by_portfolio_and_region() -> None:
    _dataset()
    rows = list(csv.DictReader(io.StringIO(_export(portfolio="kz-cn", region="KZ-75"))))
    assert [r["code"] for r in rows] == ["KZCN-001"]


def _agreements_dataset() -> None:
    _dataset()
    forum = event_create(
        actor=None,
        reason="t",
        slug="forum-2025",
        title="Forum",
        kind=Event.Kind.FORUM,
        starts_on=dt.date(2025, 6, 16),
        participants=[Organization.objects.get(name="Akimat of Almaty Region")],
    )
    agreement_create(
        actor=None,
        reason="t",
        code="CAC25-01",
        title="Agreement",
        kind=Agreement.Kind.COMMERCIAL,
        signed_on=dt.date(2025, 6, 17),
        event=forum,
        value_amount=Decimal("1000000"),
        value_currency="USD",
        projects=[Project.objects.get(code="KZCN-001")],
        portfolios=["kz-cn"],
        parties=[
            PartyInput(Organization.objects.get(name="Huaxia Green Energy Group"), "investor"),
            PartyInput(Organization.objects.get(name="Akimat of Almaty Region"), "government"),
        ],
    )


@pytest.mark.parametrize("kind", ["organizations", "events", "agreements"])
def test_other_kinds_reimport_unchanged(kind: str, tmp_path: Path) -> None:
    _agreements_dataset()
    first = _export(kind)
    assert first.count("\n") >= 2
    path = tmp_path / f"{kind}.csv"
    path.write_text(first, encoding="utf-8", newline="")
    report = import_run(actor=None, kind=kind, source=path)
    assert report.ok, report.problems
    assert report.counts["created"] == report.counts["updated"] == 0
    assert _export(kind) == first


def test_organizations_round_trip_into_an_empty_registry(tmp_path: Path) -> None:
    _dataset()
    first = _export("organizations")
    path = tmp_path / "o.csv"
    path.write_text(first, encoding="utf-8", newline="")
    _empty_registry()
    report = import_run(actor=None, kind="organizations", source=path)
    assert report.ok, report.problems
    assert _export("organizations") == first


def test_agreement_parties_and_projects_are_exported() -> None:
    _agreements_dataset()
    row = next(csv.DictReader(io.StringIO(_export("agreements"))))
    assert row["parties"] == "Akimat of Almaty Region; Huaxia Green Energy Group"
    assert row["party_roles"] == "government; investor"
    assert row["projects"] == "KZCN-001" and row["event"] == "forum-2025"
    assert AgreementParty.objects.count() == 2


def test_a_public_agreement_export_lists_only_public_projects() -> None:
    _agreements_dataset()  # its agreement became KZCN-001, a restricted project
    row = next(csv.DictReader(io.StringIO(_export("agreements", audience=Audience.public()))))
    assert row["projects"] == ""


@pytest.mark.parametrize("fmt", ["oc4ids", "iati"])
def test_a_public_phase_of_a_restricted_project_names_no_parent(fmt: str) -> None:
    _dataset()  # KZCN-001 is restricted, its phase KZCN-001-P2 public
    text = _export(fmt=fmt, audience=Audience.public())
    assert "KZCN-001-P2" in text
    assert 'KZCN-001"' not in text and "KZCN-001<" not in text and "calc" not in text
    assert 'KZCN-001"' in _export(fmt=fmt)  # Keruen itself sees the parent


def test_fx_rates_export_and_reimport_unchanged(tmp_path: Path) -> None:
    text = _export("fx-rates")
    lines = text.splitlines()
    assert lines[0] == "currency,date,units_per_usd,source"
    sample = "\r\n".join(lines[:50]) + "\r\n"
    path = tmp_path / "fx.csv"
    path.write_text(sample, encoding="utf-8", newline="")
    report = import_run(actor=None, kind="fx-rates", source=path)
    assert report.ok, report.problems
    assert report.counts["unchanged"] == 49


def test_export_command_writes_a_file(tmp_path: Path) -> None:
    _dataset()
    out = tmp_path / "p.csv"
    call_command("export", "projects", "--format", "csv", "--output", str(out))
    assert out.read_bytes().decode("utf-8") == _export()


def test_export_command_public_to_stdout(capsys) -> None:
    _dataset()
    call_command("export", "projects", "--format", "json", "--public")
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 2


def test_anonymous_audience_does_not_see_confidential() -> None:
    assert not Audience(user=AnonymousUser()).sees_confidential
    assert Audience().sees_confidential
