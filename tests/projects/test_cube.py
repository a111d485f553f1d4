"""The summary tables (keruen.projects.cube) against the direct queries they replace.

Random projects (regions, sectors and sub-sectors, investors' countries, stages and their dates,
confidentiality, curators, phases not counted), random writes through the services, and every
kind of reader: the figures and panels read from the summary tables equal those counted from the
projects, for the whole registry and for each portfolio.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keruen.agreements.models import Event
from keruen.agreements.services import event_update
from keruen.parties.services import organization_update
from keruen.projects import cube
from keruen.projects.figures import (
    coverage,
    in_summary_tables,
    summary,
    totals,
    totals_and_coverage,
)
from keruen.projects.models import (
    Project,
    ProjectFact,
    ProjectInvestor,
    Stage,
    SummaryCell,
    SummaryKey,
)
from keruen.projects.selectors import (
    SETTLED_STAGES,
    ProjectFilters,
    advanced,
    project_list,
    stages_at,
)
from keruen.projects.services import (
    InvestorInput,
    ProjectChange,
    ProjectDraft,
    project_bulk_create,
    project_bulk_update,
    project_delete,
    project_update,
)
from keruen.projects.summary_models import (
    Kind,
    SummaryAdvancedCell,
    SummaryCountryCell,
    SummaryKeyPortfolio,
    SummaryKeyRegion,
    SummaryMeeting,
    SummarySectorCell,
    meeting_number,
)
from keruen.reference.models import Country, Sector
from keruen.regions.scorecard import LaggingRule, _months_before, region_scorecards_and_national
from keruen.reports import dashboard
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory
from tests.regions.factories import make_event

pytestmark = pytest.mark.django_db

REGIONS = ["KZ-19", "KZ-31", "KZ-75", "KZ-11"]
SECTORS = ["energy", "renewables", "mining", "manufacturing", "food-processing"]
CONFIDENTIALITY = ["public", "internal", "restricted"]
PORTFOLIOS = ["p-a", "p-b"]
TODAY = timezone.localdate()


def _day(offset: int | None) -> dt.date | None:
    return None if offset is None else TODAY - dt.timedelta(days=offset)


project_st = st.fixed_dictionaries(
    {
        "regions": st.lists(st.sampled_from(REGIONS), max_size=3, unique=True),
        "sectors": st.lists(st.sampled_from(SECTORS), max_size=3, unique=True),
        "portfolios": st.lists(st.sampled_from(PORTFOLIOS), max_size=2, unique=True),
        "investors": st.lists(st.integers(0, 2), max_size=3, unique=True),
        "confidentiality": st.sampled_from(CONFIDENTIALITY),
        "stage": st.sampled_from(Stage.values),
        # Days back: around the months a reader may ask about, the month's edges included.
        "since": st.one_of(st.none(), st.integers(0, 1200)),
        "curator": st.one_of(st.none(), st.integers(0, 2)),
        "body": st.one_of(st.none(), st.integers(0, 2)),
        "counted": st.booleans(),
        "phase": st.booleans(),
        "amount": st.integers(0, 10**9).map(lambda n: Decimal(n) / 100),
        "jobs": st.one_of(st.none(), st.integers(0, 500)),
        # Its history rows moved back by so many days; -1: none (written around the services).
        "history": st.one_of(st.none(), st.just(-1), st.integers(0, 1200)),
    }
)
write_st = st.tuples(
    st.sampled_from(["update", "bulk", "delete", "country", "sector", "sql_stage"]),
    st.integers(0, 10),
    project_st,
)
reader_st = st.one_of(
    st.just(("coordinator", None)),
    st.just(("public", None)),
    st.just(("analyst", None)),
    st.tuples(
        st.just("regional_editor"), st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2)
    ),
    st.tuples(st.just("agency_officer"), st.integers(0, 2)),
)


def _values(d: dict[str, Any], orgs: list[Any], projects: list[Project]) -> dict[str, Any]:
    parent = projects[0] if d["phase"] and projects else None
    return {
        "regions": d["regions"],
        "sectors": d["sectors"],
        "portfolios": d["portfolios"],
        "confidentiality": d["confidentiality"],
        "stage": d["stage"],
        "stage_since": _day(d["since"]),
        "curator": orgs[d["curator"]] if d["curator"] is not None else None,
        "responsible_body": orgs[d["body"]] if d["body"] is not None else None,
        "counts_in_totals": d["counted"],
        "parent": parent,
        "total_investment_amount": d["amount"],
        "foreign_investment_amount": (d["amount"] / 2).quantize(Decimal("0.01")),
        "foreign_investment_currency": "USD",
        "foreign_investment_date": dt.date(2025, 6, 1),
        "jobs_planned": d["jobs"],
        "jobs_created": d["jobs"],
        "construction_jobs_planned": d["jobs"],
    }


def _investors(d: dict[str, Any], orgs: list[Any]) -> list[InvestorInput]:
    return [InvestorInput(organization=orgs[i]) for i in d["investors"]]


def _reader(kind: str, arg: Any, orgs: list[Any]) -> Any:
    if kind == "coordinator":
        return None
    if kind == "public":
        return AnonymousUser()
    if kind == "regional_editor":
        return make_user(kind, regions=arg)
    if kind == "agency_officer":
        return make_user(kind, organization=orgs[arg].code)
    return make_user(kind)


def _direct(user: Any, portfolio: str | None, months: int) -> dict[str, Any]:
    f = ProjectFilters(portfolio=portfolio)
    projects = project_list(user=user, filters=f)
    by_stage = {
        s: {
            "projects": t.projects,
            "investment_usd": float(t.investment_usd),
        }
        for s in Stage.values
        for t in [totals(projects.filter(stage=s))]
    }
    counted = dashboard.counted_projects(user=user, portfolio=portfolio)
    n_stalled, stalled = dashboard.stalled(counted, months=months)
    return {
        "totals": totals(projects),
        "coverage": coverage(user=user, filters=f, narrow=lambda qs: qs),
        "by_stage": by_stage,
        "regions": dashboard.by_region(counted, stalled_months=months),
        "sectors": dashboard.by_sector(counted),
        "countries": dashboard.by_investor_country(counted),
        "stages": dashboard.stage_over_time(counted),
        "stalled_count": n_stalled,
        "stalled": stalled,
        "changes": dashboard.recent_changes(counted),
    }


def _from_cube(user: Any, portfolio: str | None, months: int) -> dict[str, Any]:
    s = summary(user=user, filters=ProjectFilters(portfolio=portfolio))
    p = dashboard.panels(user=user, portfolio=portfolio, stalled_months=months)
    return {
        "totals": s.totals,
        "coverage": s.coverage,
        "by_stage": s.by_stage,
        "regions": p.regions,
        "sectors": p.sectors,
        "countries": p.countries,
        "stages": p.stages,
        "stalled_count": p.stalled_count,
        "stalled": p.stalled,
        "changes": p.changes,
    }


def _cents(figures: dict[str, Any]) -> dict[str, Any]:
    """The panels' amounts to the cent: the direct queries sum floats on SQLite."""
    for panel in ("regions", "sectors", "countries"):
        figures[panel] = [
            dataclasses.replace(r, investment_usd=round(r.investment_usd, 2))
            for r in figures[panel]
        ]
    return figures


#: Selections of the project list whose figures the summary tables hold.
LIST_FILTERS = [
    ProjectFilters(region="KZ-19"),
    ProjectFilters(portfolio="p-a", region="KZ-31", stage="construction"),
    ProjectFilters(confidentiality="restricted", region="KZ-75"),
    ProjectFilters(stage="announced"),
]


def _assert_same(user: Any, months: int) -> None:
    for portfolio in (None, *PORTFOLIOS):
        cube_figures = _cents(_from_cube(user, portfolio, months))
        assert cube_figures == _cents(_direct(user, portfolio, months)), portfolio
    for f in LIST_FILTERS:
        assert in_summary_tables(f)
        projects = project_list(user=user, filters=f)
        direct = (totals(projects), coverage(user=user, filters=f, narrow=lambda qs: qs))
        assert totals_and_coverage(user=user, filters=f, projects=projects) == direct, f


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.lists(project_st, max_size=7),
    writes=st.lists(write_st, max_size=4),
    readers=st.lists(reader_st, min_size=1, max_size=3),
    months=st.integers(1, 40),
    meeting=st.integers(0, 1200),
    meeting_first=st.booleans(),
    stalled_days=st.integers(0, 1200),
)
def test_summary_tables_equal_the_direct_queries(
    data: list[dict[str, Any]],
    writes: list[tuple[str, int, dict[str, Any]]],
    readers: list[tuple[str, Any]],
    months: int,
    meeting: int,
    meeting_first: bool,
    stalled_days: int,
) -> None:
    """`meeting_first`: the government meeting recorded before the projects (their facts say
    "advanced since" as they are written) or after (`cube.sync_meetings` recomputes them)."""
    with transaction.atomic():
        if meeting_first:
            make_event("meeting", TODAY - dt.timedelta(days=meeting), kind=Event.Kind.MEETING)
        cn, ru = Country.objects.get(code="CN"), Country.objects.get(code="RU")
        orgs = [OrganizationFactory(country=c) for c in (cn, cn, None)]
        for slug in PORTFOLIOS:
            PortfolioFactory(slug=slug)
        projects: list[Project] = []
        for d in data:
            values = _values(d, orgs, projects)
            projects.append(ProjectFactory(investors=_investors(d, orgs), **values))
        for action, i, d in writes:
            live = [p for p in projects if Project.objects.filter(pk=p.pk).exists()]
            target = live[i % len(live)] if live else None
            if action == "update" and target:
                project_update(
                    actor=None,
                    reason="test",
                    project=target,
                    investors=_investors(d, orgs),
                    **_values(d, orgs, [p for p in live if p != target]),
                )
            elif action == "bulk" and target:
                target = Project.objects.prefetch_related("regions", "sectors", "portfolios").get(
                    pk=target.pk
                )
                values = _values(d, orgs, [p for p in live if p.pk != target.pk])
                project_bulk_update(
                    actor=None,
                    reason="test",
                    changes=[ProjectChange(project=target, values=values)],
                )
            elif action == "delete" and target and not target.children.exists():
                project_delete(actor=None, reason="test", project=target)
            elif action == "country":
                org = orgs[i % 2]
                organization_update(
                    actor=None,
                    reason="test",
                    organization=org,
                    country=ru if org.country == cn else cn,
                )
            elif action == "sector":
                sub = Sector.objects.get(code="renewables")
                sub.parent = (
                    None if sub.parent_id else Sector.objects.get(code=SECTORS[i % len(SECTORS)])
                )
                if sub.parent != sub:
                    sub.save()
            elif action == "sql_stage" and target:
                # Around the services, then refreshed as `keruen rebuild-summary` would.
                Project.objects.filter(pk=target.pk).update(stage=d["stage"])
                cube.refresh_facts([target.pk])
        _age_history(projects, data)
        if not meeting_first:
            make_event("meeting", TODAY - dt.timedelta(days=meeting), kind=Event.Kind.MEETING)
        for kind, arg in readers:
            user = _reader(kind, arg, orgs)
            _assert_same(user, months)
            _assert_regions_same(user, _day(meeting), _day(stalled_days))
        _assert_rebuild_agrees()
        transaction.set_rollback(True)


def _age_history(projects: list[Project], data: list[dict[str, Any]]) -> None:
    """Moves each project's history rows back (or drops them), then refreshes its facts as
    `keruen rebuild-summary` does after writes around the services."""
    for p, d in zip(projects, data, strict=True):
        rows = Project.history.filter(id=p.pk)
        if d["history"] == -1:
            rows.delete()
        elif d["history"]:
            rows.update(history_date=F("history_date") - dt.timedelta(days=d["history"]))
    cube.refresh_facts(p.pk for p in projects)


def _regions_direct(
    user: Any, portfolio: str | None, meeting: dt.date, before: dt.date
) -> dict[str, Any]:
    """Per region (None: all, each project once): records, counted by stage with their sums,
    stalled and advanced since `meeting`, counted project by project."""
    listed = list(
        project_list(user=user, filters=ProjectFilters(portfolio=portfolio)).prefetch_related(
            "regions"
        )
    )
    then = stages_at([p.pk for p in listed], meeting)
    stages: dict[Any, dict[tuple[str, str], dict[str, Any]]] = {}
    stalled: dict[Any, int] = {}
    moved: dict[Any, int] = {}
    for p in listed:
        kind = (
            Kind.COUNTED
            if p.counts_in_totals
            else (Kind.IN_PARENT if p.parent_id else Kind.ELSEWHERE)
        )
        for code in [None, *(r.code for r in p.regions.all())]:
            cell = stages.setdefault(code, {}).setdefault(
                (kind, p.stage), dict.fromkeys(("n", *cube.SUMS), 0)
            )
            cell["n"] += 1
            for name, value in (
                ("inv", p.total_investment_usd),
                ("foreign", p.foreign_investment_usd),
                ("jobs", p.jobs_planned),
                ("created", p.jobs_created),
                ("cjobs", p.construction_jobs_planned),
            ):
                cell[name] += value or 0
            if kind != Kind.COUNTED:
                continue
            stalled[code] = stalled.get(code, 0) + (
                p.stage_since is not None
                and p.stage_since < before
                and p.stage not in SETTLED_STAGES
            )
            moved[code] = moved.get(code, 0) + advanced(
                p.stage, p.stage_since, then.get(p.pk), meeting
            )
    return {"stages": stages, "stalled": stalled, "moved": moved}


def _regions_from_cube(
    user: Any, portfolio: str | None, meeting: dt.date, before: dt.date
) -> dict[str, Any]:
    keys = cube.visible_keys(user=user, portfolio=portfolio)
    stages = {
        code: {k: v for k, v in sums.items() if v["n"]}
        for code, sums in cube.region_stage_sums(keys).items()
    }
    return {
        "stages": {code: sums for code, sums in stages.items() if sums},
        "stalled": {c: r["stalled"] for c, r in cube.by_region(keys, before=before).items()},
        "moved": cube.advanced_by_region(keys, meeting),
    }


def _nonzero(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "stages": figures["stages"],
        "stalled": {c: n for c, n in figures["stalled"].items() if n},
        "moved": {c: n for c, n in figures["moved"].items() if n},
    }


def _assert_regions_same(user: Any, meeting: dt.date, before: dt.date) -> None:
    for portfolio in (None, *PORTFOLIOS):
        direct = _nonzero(_regions_direct(user, portfolio, meeting, before))
        assert _nonzero(_regions_from_cube(user, portfolio, meeting, before)) == direct, portfolio
        _assert_scorecards_same(user, portfolio)


def _assert_scorecards_same(user: Any, portfolio: str | None) -> None:
    """The regions' scorecards (through their own path) count the stalled projects and those
    advanced since the reader's last meeting as the direct definitions do."""
    cards, national = region_scorecards_and_national(user=user, today=TODAY, portfolio=portfolio)
    meeting = national.last_meeting_on
    before = _months_before(TODAY, LaggingRule().stalled_months)
    direct = _regions_direct(user, portfolio, meeting or TODAY, before)
    for code, card in [(None, national), *((c.code, c) for c in cards)]:
        moved = direct["moved"].get(code, 0) if meeting else 0
        assert (card.stalled, card.advanced_since_meeting) == (
            direct["stalled"].get(code, 0),
            moved,
        ), (portfolio, code)


def test_the_dashboard_shows_the_summary_tables_figures(client: Any) -> None:
    ProjectFactory(regions=["KZ-19"], total_investment_amount=Decimal(100))
    ProjectFactory(regions=["KZ-19", "KZ-31"], total_investment_amount=Decimal(10))
    client.force_login(make_user("coordinator"))
    page = client.get("/")
    kz19 = next(r for r in page.context["regions"] if r.code == "KZ-19")
    assert (kz19.projects, kz19.investment_usd) == (2, 110.0)
    assert page.context["s"].projects == 2


def _dashboard_queries(client: Any, n: int) -> int:
    for _ in range(n):
        ProjectFactory(regions=["KZ-19", "KZ-31"], stage_since=dt.date(2020, 1, 1))
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        assert client.get("/?portfolio=").status_code == 200
    return len(queries)


def test_the_dashboards_query_count_does_not_grow_with_the_projects(client: Any) -> None:
    client.force_login(make_user("analyst"))
    assert _dashboard_queries(client, 5) == _dashboard_queries(client, 45)


def test_rebuild_restores_what_writes_around_the_services_left_out(capsys: Any) -> None:
    kept = ProjectFactory(regions=["KZ-19"], total_investment_amount=Decimal(5))
    Project.objects.filter(pk=kept.pk).update(total_investment_usd=Decimal(7))  # by SQL
    assert summary(user=None).investment_usd == Decimal(5)
    call_command("rebuild_summary")
    assert summary(user=None).investment_usd == Decimal(7)
    assert "1 project" in capsys.readouterr().out


def test_a_write_moves_only_its_own_cells() -> None:
    a = ProjectFactory(regions=["KZ-19"], stage="construction")
    ProjectFactory(regions=["KZ-31"], stage="construction")
    before = set(SummaryCell.objects.values_list("pk", "n"))
    project_update(actor=None, reason="test", project=a, stage="operating")
    after = set(SummaryCell.objects.values_list("pk", "n"))
    moved = before ^ after
    assert moved and all(
        SummaryCell.objects.filter(pk=pk, key__regions__region__code="KZ-31").count() == 0
        for pk, _n in moved
    )
    assert ProjectFact.objects.get(project=a).stage == "operating"
    project_delete(actor=None, reason="test", project=a)
    assert not ProjectFact.objects.filter(project_id=a.pk).exists()
    assert cube.counted_total(cube.visible_keys(user=None)) == 1


# --- the maintenance: incremental refresh, rebuild and the facts Python would compute ----------


def _csv(ids: Any) -> str:
    return ",".join(str(i) for i in sorted(ids))


def _expected_facts() -> dict[int, tuple[Any, ...]]:
    """Each project's fact computed in Python, project by project: its key's signature (the
    sorted ids of its regions and portfolios), kind, stage, `Recorded`, sorted top-level sectors
    and investor countries, sums."""
    out: dict[int, tuple[Any, ...]] = {}
    meetings = sorted(
        set(Event.objects.filter(kind=Event.Kind.MEETING).values_list("starts_on", flat=True))
    )
    for p in Project.objects.all():
        restricted = p.confidentiality == "restricted"
        regions = Project.regions.through.objects.filter(project_id=p.pk).values_list(
            "region_id", flat=True
        )
        portfolios = Project.portfolios.through.objects.filter(project_id=p.pk).values_list(
            "portfolio_id", flat=True
        )
        sectors = {
            parent or sector
            for sector, parent in Project.sectors.through.objects.filter(
                project_id=p.pk
            ).values_list("sector_id", "sector__parent_id")
        }
        countries = set(
            ProjectInvestor.objects.filter(
                project=p, organization__country__isnull=False
            ).values_list("organization__country_id", flat=True)
        )
        moved = [
            meeting_number(day)
            for day in meetings
            if advanced(p.stage, p.stage_since, stages_at([p.pk], day).get(p.pk), day)
        ]
        curator = p.curator_id if restricted else None
        body = p.responsible_body_id if restricted else None
        out[p.pk] = (
            f"{p.confidentiality}|{curator or ''}|{body or ''}|{_csv(regions)}|{_csv(portfolios)}",
            Kind.COUNTED
            if p.counts_in_totals
            else (Kind.IN_PARENT if p.parent_id else Kind.ELSEWHERE),
            p.stage,
            p.stage_since,
            _csv(sectors),
            _csv(countries),
            _csv(moved),
            p.total_investment_usd or Decimal(0),
            p.foreign_investment_usd or Decimal(0),
            p.jobs_planned or 0,
            p.jobs_created or 0,
            p.construction_jobs_planned or 0,
        )
    return out


def _state() -> dict[str, Any]:
    """Every summary table, keys by their signature (their ids differ after a rebuild)."""
    sig = dict(SummaryKey.objects.values_list("pk", "signature"))
    facts = {
        f["project_id"]: (
            sig[f["key_id"]],
            f["kind"],
            f["stage"],
            f["since"],
            f["sectors"],
            f["countries"],
            f["advanced"],
            *(f[s] for s in cube.SUMS),
        )
        for f in ProjectFact.objects.values()
    }
    used = {sig[k] for k in ProjectFact.objects.values_list("key_id", flat=True)}
    keys = {
        k.signature: (
            k.confidentiality,
            k.curator_id,
            k.responsible_body_id,
            k.n_regions,
            sorted(SummaryKeyRegion.objects.filter(key=k).values_list("region_id", flat=True)),
            sorted(
                SummaryKeyPortfolio.objects.filter(key=k).values_list("portfolio_id", flat=True)
            ),
        )
        for k in SummaryKey.objects.all()
        if k.signature in used
    }
    cells = {
        (sig[c["key_id"]], c["kind"], c["stage"], c["month"]): tuple(
            c[s] for s in ("n", *cube.SUMS)
        )
        for c in SummaryCell.objects.values()
    }
    sectors = {(sig[c.key_id], c.sector_id): (c.n, c.inv) for c in SummarySectorCell.objects.all()}
    countries = {
        (sig[c.key_id], c.country_id): (c.n, c.inv) for c in SummaryCountryCell.objects.all()
    }
    moved = {(sig[c.key_id], c.meeting): c.n for c in SummaryAdvancedCell.objects.all()}
    return {
        "facts": facts,
        "keys": keys,
        "cells": cells,
        "sectors": sectors,
        "countries": countries,
        "advanced": moved,
        "meetings": sorted(SummaryMeeting.objects.values_list("day", flat=True)),
    }


def _assert_rebuild_agrees() -> None:
    """The tables kept by the writes hold the facts Python computes, no empty cell, and equal
    what a rebuild makes of the same projects."""
    for model in (SummaryCell, SummarySectorCell, SummaryCountryCell, SummaryAdvancedCell):
        assert not model.objects.filter(n=0).exists(), model
    kept = _state()
    assert kept["facts"] == _expected_facts()
    assert cube.rebuild() == Project.objects.count()
    assert _state() == kept


def _fact(p: Project) -> ProjectFact:
    return ProjectFact.objects.select_related("key").get(project_id=p.pk)


def test_a_project_moving_key_leaves_its_old_cells() -> None:
    org = OrganizationFactory()
    a = ProjectFactory(regions=["KZ-19"], confidentiality="public")
    ProjectFactory(regions=["KZ-19"], confidentiality="public")
    old_key = _fact(a).key_id
    project_update(
        actor=None,
        reason="test",
        project=a,
        regions=["KZ-75", "KZ-19"],
        confidentiality="restricted",
        curator=org,
    )
    moved = _fact(a)
    regions = sorted(a.regions.values_list("pk", flat=True))
    assert moved.key.signature == f"restricted|{org.pk}||{_csv(regions)}|"
    assert moved.key.n_regions == 2
    assert SummaryCell.objects.filter(key_id=old_key).get().n == 1
    assert SummaryCell.objects.get(key=moved.key).n == 1
    _assert_rebuild_agrees()


def test_deleted_projects_leave_the_tables() -> None:
    a = ProjectFactory(regions=["KZ-31"], sectors=["mining"], stage="agreed")
    b = ProjectFactory(regions=["KZ-11"], sectors=["mining"])
    c = ProjectFactory(regions=["KZ-19"])
    project_delete(actor=None, reason="test", project=a)
    Project.objects.filter(pk=b.pk).delete()  # around the services
    cube.refresh_facts([b.pk])
    assert list(ProjectFact.objects.values_list("project_id", flat=True)) == [c.pk]
    assert list(SummaryCell.objects.values_list("n", flat=True)) == [1]
    assert not SummarySectorCell.objects.exclude(key_id=_fact(c).key_id).exists()
    _assert_rebuild_agrees()


def test_a_sectors_parent_and_an_organizations_country_move_their_projects() -> None:
    cn, ru = Country.objects.get(code="CN"), Country.objects.get(code="RU")
    org = OrganizationFactory(country=cn)
    p = ProjectFactory(
        regions=["KZ-19"],
        sectors=["renewables", "mining"],
        investors=[InvestorInput(organization=org)],
    )
    sub, mining = Sector.objects.get(code="renewables"), Sector.objects.get(code="mining")
    top = sub.parent_id or sub.pk
    assert _fact(p).sectors == _csv({top, mining.parent_id or mining.pk})
    assert _fact(p).countries == str(cn.pk)
    sub.parent = mining if sub.parent_id else Sector.objects.get(code="energy")
    sub.save()
    moved = sub.parent_id or sub.pk
    assert _fact(p).sectors == _csv({moved, mining.parent_id or mining.pk})
    assert set(SummarySectorCell.objects.values_list("sector_id", flat=True)) == {
        moved,
        mining.parent_id or mining.pk,
    }
    organization_update(actor=None, reason="test", organization=org, country=ru)
    assert _fact(p).countries == str(ru.pk)
    assert list(SummaryCountryCell.objects.values_list("country_id", "n")) == [(ru.pk, 1)]
    _assert_rebuild_agrees()
    sub.delete()
    assert _fact(p).sectors == str(mining.parent_id or mining.pk)
    _assert_rebuild_agrees()


def _refresh_queries(ids: list[int]) -> int:
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        cube.refresh_facts(ids)
    return len(queries)


def test_refresh_of_no_projects_and_of_many() -> None:
    assert _refresh_queries([]) == 0
    drafts = [
        ProjectDraft(
            code=f"CUBE-{n}",
            title=f"Cube plant {n}",
            values={
                "regions": [REGIONS[n % 4], REGIONS[(n + 1) % 4]][: 1 + n % 2],
                "sectors": [SECTORS[n % 5]],
                "confidentiality": CONFIDENTIALITY[n % 3],
                "stage": Stage.values[n % len(Stage.values)],
                "total_investment_amount": Decimal(n),
                "total_investment_currency": "USD",
                "total_investment_date": dt.date(2025, 6, 1),
            },
        )
        for n in range(1200)
    ]
    codes, errors = project_bulk_create(actor=None, reason="test", drafts=drafts)
    assert not errors and len(codes) == 1200
    ids = list(Project.objects.values_list("pk", flat=True))
    assert ProjectFact.objects.count() == 1200
    kept = _state()
    # Unknown ids among them: nothing to add, nothing to take away; as many queries as for one.
    assert _refresh_queries([*ids, *range(max(ids) + 1, max(ids) + 3000)]) == _refresh_queries(
        ids[:1]
    )
    assert _state() == kept
    _assert_rebuild_agrees()


def test_writes_of_meetings_move_what_advanced_since() -> None:
    """A government meeting created, moved to another day or deleted recomputes who advanced
    since each meeting; an event of another kind, or one that keeps its day, changes nothing."""
    p = ProjectFactory(regions=["KZ-19"], stage="agreed")
    Project.history.filter(id=p.pk).update(
        history_date=timezone.make_aware(dt.datetime(2025, 1, 1))
    )
    project_update(actor=None, reason="test", project=p, stage="construction")
    keys = cube.visible_keys(user=None)
    june = dt.date(2025, 6, 25)
    assert _fact(p).advanced == ""
    meeting = make_event("meeting", june, kind=Event.Kind.MEETING)
    make_event("forum", TODAY, kind=Event.Kind.FORUM)
    assert list(SummaryMeeting.objects.values_list("day", flat=True)) == [june]
    assert _fact(p).advanced == str(meeting_number(june))
    assert cube.advanced_by_region(keys, june) == {None: 1, "KZ-19": 1}
    _assert_rebuild_agrees()
    event_update(
        actor=None, reason="test", event=meeting, starts_on=TODAY
    )  # moved: no history since
    assert (_fact(p).advanced, cube.advanced_by_region(keys, TODAY)) == ("", {None: 0})
    assert not SummaryAdvancedCell.objects.exists()
    with CaptureQueriesContext(transaction.get_connection()) as same_day:
        event_update(actor=None, reason="test", event=meeting, title="Renamed")
    assert not any("summary" in q["sql"] and "UPDATE" in q["sql"] for q in same_day)
    second = make_event("second", june, kind=Event.Kind.MEETING)
    assert cube.advanced_by_region(keys, june)[None] == 1
    _assert_rebuild_agrees()
    second.delete()
    meeting.delete()
    assert not SummaryMeeting.objects.exists() and _fact(p).advanced == ""
    assert not SummaryAdvancedCell.objects.exists()
    _assert_rebuild_agrees()


def test_the_api_lists_total_is_the_summary_tables_and_the_lists_count(client: Any) -> None:
    """Without a filter beyond the portfolio (or a region, stage, confidentiality) the API list's
    `count` is a sum over the reader's cells, not a count of the projects: the same number as the
    list's rows for every kind of reader, restricted projects included; other filters count."""
    orgs = [OrganizationFactory(), OrganizationFactory()]
    PortfolioFactory(slug="p-a")
    for n in range(12):
        ProjectFactory(
            regions=[REGIONS[n % 4], REGIONS[(n + 1) % 4]][: 1 + n % 2],
            portfolios=["p-a"] if n % 3 else [],
            confidentiality=CONFIDENTIALITY[n % 3],
            curator=orgs[n % 2] if n % 4 else None,
            counts_in_totals=n % 5 != 0,
            stage=Stage.values[n % len(Stage.values)],
            sectors=[SECTORS[n % 5]],
        )
    readers = [
        make_user("coordinator"),
        make_user("analyst"),
        make_user("regional_editor", regions=["KZ-19"]),
        make_user("agency_officer", organization=orgs[0].code),
        None,
    ]
    selections = [{}, {"portfolio": "p-a"}, {"region": "KZ-31"}, {"stage": "construction"}]
    for reader in readers:
        headers = bearer(token_for(reader)) if reader else {}
        for selection in [*selections, {"sector": "mining"}]:
            f = ProjectFilters(**selection)
            listed = project_list(user=reader or AnonymousUser(), filters=f).count()
            with CaptureQueriesContext(transaction.get_connection()) as ctx:
                answer = client.get("/api/v1/projects/", {**selection, "limit": 2}, **headers)
            assert answer.status_code == 200, answer.content
            assert answer.json()["count"] == listed, (reader, selection)
            counted = any("keruen_count" in q["sql"] for q in ctx.captured_queries)
            assert counted == (selection not in selections), (reader, selection)
