"""The bulk path of a projects import (`project_bulk_create` / `project_bulk_update`: plain rows,
COPY or executemany, history copied by SQL) leaves exactly what writing the same file row by row
through `project_create` / `project_update` leaves: the same projects, relations, investors,
history rows, summary cells and report, and the same problems for the same bad rows."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from keruen.imports import kinds
from keruen.imports.services import import_run
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project, ProjectInvestor
from keruen.projects.summary_models import (
    ProjectFact,
    SummaryCell,
    SummaryCountryCell,
    SummarySectorCell,
)
from keruen.reference.models import FxRate
from tests.factories import OrganizationFactory, PortfolioFactory
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db(transaction=False)

HEADER = [
    "code",
    "title",
    "title_ru",
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
    "foreign_investment_amount",
    "foreign_investment_currency",
    "foreign_investment_date",
    "jobs_planned",
    "portfolios",
    "confidentiality",
    "start_on",
    "end_on",
    "curator",
]


def row(code: str, **over: str) -> list[str]:
    base = {
        "code": code,
        "title": f"Plant {code}",
        "title_ru": f"Завод {code}",
        "stage": "agreed",
        "regions": "KZ-19",
        "sectors": "manufacturing; energy",
        "investors": "Bulk Agro LLC; Dala Agro LLP",
        "investor_roles": "lead; co_investor",
        "investor_shares": "60.00; 40.00",
        "investor_countries": "CN; KZ",
        "total_investment_amount": "1500000000",
        "total_investment_currency": "KZT",
        "total_investment_date": "2025-06-01",
        "foreign_investment_amount": "$2 mln",
        "foreign_investment_currency": "",
        "foreign_investment_date": "2025-07-01",
        "jobs_planned": "100",
        "portfolios": "bulk-portfolio",
        "confidentiality": "public",
        "start_on": "2025-01-01",
        "end_on": "2027-01-01",
        "curator": "Ministry of Bulk",
    }
    base.update(over)
    return [base[h] for h in HEADER]


ROWS = [
    row("EQ-1"),
    row("EQ-2", regions="KZ-19; KZ-75", stage="construction", confidentiality="restricted"),
    row("EQ-3", investors="", investor_roles="", investor_shares="", investor_countries=""),
    row("EQ-4", total_investment_currency="CNY", total_investment_amount="30000000"),
    row("EQ-5", sectors="", regions="", portfolios="", curator=""),
]
CHANGED = [
    row("EQ-1", jobs_planned="150"),  # one field
    row("EQ-2", regions="KZ-75", investor_shares="70.00; 30.00"),  # a relation, shares
    row("EQ-3"),  # investors added
    row(
        "EQ-4",
        investors="Bulk Agro LLC",
        investor_roles="",
        investor_shares="",
        investor_countries="",
    ),
    row("EQ-5", stage="operating"),  # a stage: its date moves too
    row("EQ-6"),  # a new one beside the changes
]
BAD = [
    row("EQ-7", end_on="2020-01-01"),  # completion before the start
    row("EQ-8", investor_shares="70.00; 40.00"),  # shares over 100
    row("EQ-9", investor_shares="33.333; 40.00"),  # three decimal places
    row("EQ 10"),  # not a slug
    row("EQ-11", title="x" * 400),  # too long
    row("EQ-12"),  # fine, but written with the bad ones: not at all
]


@pytest.fixture(autouse=True)
def _known() -> None:
    """The organizations and the portfolio the file names exist (on PostgreSQL, keys handed out
    in a rolled-back run are not handed out again: summary keys hold them); rates are the
    bundled ones."""
    assert FxRate.objects.filter(currency__code="KZT").exists()
    for name in ("Dala Agro LLP", "Bulk Agro LLC", "Ministry of Bulk"):
        OrganizationFactory(name=name)
    PortfolioFactory(slug="bulk-portfolio")


def _one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The projects kind without its bulk writers: every row through the single services."""
    spec = kinds.KINDS["projects"]
    monkeypatch.setitem(
        kinds.KINDS,
        "projects",
        dataclasses.replace(spec, split_batch=None, bulk_apply=None, bulk_change=None),
    )


SKIP = {"id", "created_at", "updated_at", "history_id", "history_date", "m2m_history_id"}


def _plain(obj: Any) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in SKIP
    }


def _state() -> dict[str, Any]:
    """Everything an import writes, without keys the database hands out."""
    code = dict(Project.objects.values_list("pk", "code"))
    sig = {}
    from keruen.projects.summary_models import SummaryKey

    for k in SummaryKey.objects.all():
        sig[k.pk] = k.signature

    org = dict(Organization.objects.values_list("pk", "name"))
    portfolio = dict(Portfolio.objects.values_list("pk", "slug"))

    def named(d: dict[str, Any]) -> tuple[Any, ...]:
        """Records the imports create, by their code or name (PostgreSQL's sequences do not
        go back with a rollback)."""
        d = dict(d)
        for names, by in (
            (("project_id", "parent_id", "project"), code),
            (("organization_id", "curator_id", "responsible_body_id", "organization"), org),
            (("portfolio_id", "portfolio"), portfolio),
        ):
            for f in names:
                if d.get(f) is not None:
                    d[f] = by.get(d[f], d[f])
        if isinstance(d.get("other"), dict):
            d["other"] = named(d["other"])
        if "key_id" in d:
            d["key_id"] = sig[d["key_id"]]
        return tuple(sorted((k, str(v)) for k, v in d.items()))

    history = Project.history.model
    out: dict[str, Any] = {
        "projects": sorted(named(_plain(p) | {"p": p.code}) for p in Project.objects.all()),
        "investors": sorted(named(_plain(i)) for i in ProjectInvestor.objects.all()),
        "history": sorted(
            named(_plain(h) | {"project_id": h.id, "reason": h.history_change_reason})
            for h in history.objects.all()
        ),
        "investor_history": sorted(
            named(_plain(h)) for h in ProjectInvestor.history.model.objects.all()
        ),
    }
    for name in ("regions", "sectors", "portfolios"):
        through = getattr(Project, name).through
        out[name] = sorted(named(model_to_dict(t, exclude=["id"])) for t in through.objects.all())
        m2m = Project._keruen_history.m2m_models[Project._meta.get_field(name)]  # type: ignore[attr-defined]
        out[f"{name}_history"] = sorted(
            named(
                {
                    "project_id": r.project_id,
                    "other": model_to_dict(r, exclude=["id", "history", "m2m_history_id"]),
                    "type": r.history.history_type,
                }
            )
            for r in m2m.objects.select_related("history")
        )
    for model in (ProjectFact, SummaryCell, SummarySectorCell, SummaryCountryCell):
        out[model.__name__] = sorted(named(_plain(c)) for c in model.objects.all())
    return out


def _report(report: Any) -> dict[str, Any]:
    data = report.to_json_dict()
    data["problems"] = sorted(
        (p["row"], p["column"] or "", p["expected"]) for p in data["problems"]
    )
    return data


def _run(tmp_path: Path, files: list[list[list[str]]]) -> tuple[list[dict[str, Any]], dict]:
    reports = []
    for i, rows in enumerate(files):
        f = write_csv(tmp_path / f"f{i}.csv", HEADER, rows)
        reports.append(_report(import_run(actor=None, kind="projects", source=f, name="f.csv")))
    return reports, _state()


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[list[list[str]]]
) -> tuple[Any, Any]:
    with transaction.atomic():
        bulk = _run(tmp_path, files)
        transaction.set_rollback(True)
    with monkeypatch.context() as m:
        _one_by_one(m)
        single = _run(tmp_path, files)
    return bulk, single


def test_new_projects_are_written_as_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (bulk_reports, bulk), (single_reports, single) = _both(tmp_path, monkeypatch, [ROWS])
    assert bulk_reports == single_reports and bulk_reports[0]["created"] == len(ROWS)
    assert bulk.keys() == single.keys()
    for name in bulk:
        assert bulk[name] == single[name], name
    assert len(bulk["history"]) == len(ROWS) and bulk["regions_history"]


def test_changes_are_written_as_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (bulk_reports, bulk), (single_reports, single) = _both(
        tmp_path, monkeypatch, [ROWS, CHANGED, CHANGED]
    )
    assert bulk_reports == single_reports
    assert bulk_reports[1]["ok"], bulk_reports[1]["problems"]
    assert bulk_reports[1]["updated"] == 5 and bulk_reports[1]["created"] == 1
    assert bulk_reports[2]["unchanged"] == len(CHANGED)
    for name in bulk:
        assert bulk[name] == single[name], name
    types = sorted(t for t in (dict(h)["history_type"] for h in bulk["investor_history"]))
    assert {"+", "-", "~"} <= set(types)


def test_bad_rows_are_reported_alike_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (bulk_reports, bulk), (single_reports, single) = _both(tmp_path, monkeypatch, [BAD])
    assert bulk_reports == single_reports
    problems = bulk_reports[0]["problems"]
    assert {p[0] for p in problems} == {2, 3, 4, 5, 6}, problems
    assert {p[1] for p in problems} >= {"end_on", "investors", "code", "title"}
    assert not bulk["projects"] and not single["projects"] and not bulk["history"]


def test_history_rows_keep_the_keys_of_the_rows_they_record(tmp_path: Path) -> None:
    """The keys a history row keeps (left out of the comparisons above, as they differ between
    two runs) are those of the rows written: each investor's, each relation's through row's,
    whether the bulk path wrote the history from the values written or copied it by SQL."""
    reports, _written = _run(tmp_path, [ROWS, CHANGED])
    assert all(r["ok"] for r in reports), reports
    investor_history = ProjectInvestor.history.model.objects
    for investor in ProjectInvestor.objects.all():
        assert investor_history.filter(
            id=investor.pk,
            project_id=investor.project_id,
            organization_id=investor.organization_id,
            role=investor.role,
        ).exists()
    for name in ("regions", "sectors", "portfolios"):
        m2m = Project._keruen_history.m2m_models[Project._meta.get_field(name)]  # type: ignore[attr-defined]
        through = getattr(Project, name).through
        other = next(
            f.attname
            for f in through._meta.fields
            if f.is_relation and f.related_model is not Project
        )
        rows = through.objects.all()
        assert rows
        for t in rows:
            latest = Project.history.filter(id=t.project_id).order_by("-history_id").first()
            snapshot = {
                (s.id, s.project_id, getattr(s, other)) for s in m2m.objects.filter(history=latest)
            }
            assert (t.pk, t.project_id, getattr(t, other)) in snapshot, (name, t.project_id)
