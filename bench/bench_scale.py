"""National scale on PostgreSQL: N generated projects with their history loaded by COPY, then the
dashboard, the project lists and the API list measured, each beside its raw engine.

In a database of its own (KERUEN_BENCH_SCALE_DB, default `keruen_bench_scale`, on the server at
KERUEN_BENCH_PG, default postgresql://postgres@127.0.0.1:5432/postgres; dropped afterwards), a
child process (`python -m bench.bench_scale --child`) migrates, loads the demo portfolio and
`bench_web`'s signed-in coordinator, then `load()`s N projects (default 1,000,000; `--projects N`
or KERUEN_BENCH_SCALE_PROJECTS) with their regions, sectors, portfolios (the demo's `kz-cn` and
three more), investors and 10 history rows each (with their relations' snapshots, as the
services write them). One pass over the generated projects writes every table's rows into a
temporary file of its own in COPY's text format, memory flat in N (each project's row is
formatted once and its history rows cut from it); then each file is streamed by psycopg's
`cursor.copy()` (COPY FROM STDIN) into Keruen's table, and beside it the same file into an
unindexed copy of the table (`CREATE TABLE … (LIKE …)`: no index, no key, no constraint but NOT
NULL, the defaults and the identity), the raw engine (`--no-bare-history`: only for the tables
of current state, not the history ones). Then the summary tables are filled by Keruen's own
rebuild (`keruen rebuild-summary`) and the database analysed, and the pages are measured as in
`bench_web` (gunicorn, one sync worker, time to first byte) beside a raw WSGI hello.

    python -m bench scale                     # 1,000,000 projects, 10,000,000 history rows
    python -m bench scale --projects 20000    # a quick run
    python -m bench scale --no-bare-history   # without the bare COPY of the history tables

Target (issue 17): with 1,000,000 projects, dashboard and list p95 ≤ 300 ms on PostgreSQL.
Without a PostgreSQL server the benchmark says so and measures nothing.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import bench_web as web

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = int(os.environ.get("KERUEN_BENCH_SCALE_PROJECTS", "1000000"))
PG_URL = web.PG_URL
DB_NAME = os.environ.get("KERUEN_BENCH_SCALE_DB", "keruen_bench_scale")
REQUESTS = 20
GOAL_MS = 300.0
HISTORY = 10  # history rows per project
SEED = 17
CODE_PREFIX = "SC-"
REASON = "bench scale"
#: The portfolios beside the demo's `kz-cn`: (slug, name, weight); kz-cn weighs 40.
PORTFOLIOS = [
    ("bench-eu", "Bench: European Union", 25),
    ("bench-gulf", "Bench: Gulf states", 20),
    ("bench-asia", "Bench: East Asia", 15),
]
STAGE_WEIGHTS = {
    "announced": 15,
    "agreed": 22,
    "preparation": 20,
    "construction": 20,
    "operating": 14,
    "suspended": 6,
    "cancelled": 3,
}
#: The stage a project was in before its current one.
EARLIER = {
    "announced": "announced",
    "agreed": "announced",
    "preparation": "agreed",
    "construction": "preparation",
    "operating": "construction",
    "suspended": "construction",
    "cancelled": "agreed",
}
CONFIDENTIALITY = {"public": 75, "internal": 20, "restricted": 5}
CURRENCIES = {"USD": 55, "KZT": 30, "CNY": 15}
#: The cities and regions where most projects are.
BIG_REGIONS = {"KZ-75": 6, "KZ-71": 5, "KZ-19": 4, "KZ-23": 3, "KZ-47": 3}


class _Weighted:
    """A fast weighted choice (cumulative weights, one random number)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def distinct(self, rng: random.Random, k: int) -> list[Any]:
        out: list[Any] = []
        while len(out) < min(k, len(self.items)):
            x = self.pick(rng)
            if x not in out:
                out.append(x)
        return out


@dataclass
class Refs:
    """The reference rows the generated projects point to (ids), read once."""

    today: dt.date
    regions: _Weighted
    sectors: _Weighted
    portfolios: _Weighted
    companies: list[int]
    curators: list[int]
    bodies: list[int]
    fx: Any  # keruen.core.money.FxTable


@dataclass
class Spec:
    """One generated project: its row values and the ids of the rows that belong to it."""

    pid: int
    code: str
    title: str
    title_ru: str
    stage: str
    since: dt.date
    confidentiality: str
    money: dict[str, Any]
    jobs: tuple[int | None, int | None, int | None, int | None]
    counted: bool
    curator: int | None
    body: int | None
    start_on: dt.date
    end_on: dt.date
    created: dt.datetime
    regions: list[tuple[int, int]]  # (through row id, region id)
    sectors: list[tuple[int, int]]
    portfolios: list[tuple[int, int]]
    investors: list[tuple[int, int, str, Decimal | None]]  # (id, organization, role, share)
    history: list[tuple[int, dt.datetime, str, dt.date]]  # (history id, date, stage, since)
    investor_history: list[int]  # the history id of each investor's row


def refs(today: dt.date | None = None) -> Refs:
    """Reads the reference rows, creating the benchmark's extra portfolios when missing."""
    from keruen.parties.models import Organization
    from keruen.projects.models import Portfolio
    from keruen.projects.services import portfolio_create
    from keruen.reference.models import Region, Sector
    from keruen.reference.selectors import fx_table

    for slug, name, _weight in PORTFOLIOS:
        if not Portfolio.objects.filter(slug=slug).exists():
            portfolio_create(actor=None, reason=REASON, slug=slug, name=name)
    slugs = {"kz-cn": 40, **{slug: w for slug, _n, w in PORTFOLIOS}}
    by_slug = dict(Portfolio.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    regions = list(Region.objects.order_by("code").values_list("code", "pk"))
    orgs = list(Organization.objects.order_by("pk").values_list("pk", "kind"))
    return Refs(
        today=today or dt.date.today(),
        regions=_Weighted([pk for _c, pk in regions], [BIG_REGIONS.get(c, 1) for c, _p in regions]),
        sectors=_uniform(list(Sector.objects.order_by("pk").values_list("pk", flat=True))),
        portfolios=_Weighted([by_slug[s] for s in slugs], list(slugs.values())),
        companies=[pk for pk, kind in orgs if kind == "company"],
        curators=[pk for pk, kind in orgs if kind in ("ministry", "agency")],
        bodies=[pk for pk, kind in orgs if kind == "akimat"],
        fx=fx_table(),
    )


def _uniform(items: list[int]) -> _Weighted:
    return _Weighted(items, [1] * len(items))


def specs(n: int, r: Refs, base: dict[str, int], seed: int = SEED) -> Iterator[Spec]:
    """The `n` generated projects, the same for the same seed and bases (the next free id of
    each table): every pass over a table regenerates them, so nothing is held in memory."""
    from keruen.core.money import Money, convert

    rng = random.Random(seed)
    stages = _Weighted(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()))
    confidentiality = _Weighted(list(CONFIDENTIALITY), list(CONFIDENTIALITY.values()))
    currencies = _Weighted(list(CURRENCIES), list(CURRENCIES.values()))
    ids = dict(base)
    for i in range(n):
        pid = ids["project"]
        ids["project"] += 1
        age = rng.randint(30, 2400)
        created_day = r.today - dt.timedelta(days=age)
        since = created_day + dt.timedelta(days=int(rng.random() * (r.today - created_day).days))
        last_day = since + dt.timedelta(days=int(rng.random() * (r.today - since).days))
        created = dt.datetime.combine(created_day, dt.time(9), dt.UTC)
        last = dt.datetime.combine(last_day, dt.time(17), dt.UTC)
        stage = stages.pick(rng)
        # Log-uniform amounts from 100,000 to 5,000,000,000 (USD equivalent).
        usd_size = Decimal(round(10 ** (5 + rng.random() * 4.7)))
        currency = currencies.pick(rng)
        money_day = created_day
        if currency == "USD":
            amount = usd_size
        else:
            amount = (usd_size * r.fx.rate(currency, money_day).units_per_usd).quantize(Decimal(1))
        total = convert(Money(amount, currency, money_day), "USD", r.fx)
        money: dict[str, Any] = {
            "total": (amount, currency, money_day, total.amount, _rate_id(total)),
            "foreign": None,
        }
        if rng.random() < 0.6:
            part = (amount * Decimal(rng.randint(20, 100)) / 100).quantize(Decimal(1))
            foreign = convert(Money(part, currency, money_day), "USD", r.fx)
            money["foreign"] = (part, currency, money_day, foreign.amount, _rate_id(foreign))
        planned = int(10 ** (1 + rng.random() * 2.5))
        created_jobs = int(planned * rng.random()) if stage == "operating" else None
        construction = int(planned * (1 + rng.random() * 3)) if rng.random() < 0.7 else None
        built = (
            construction
            if construction and stage == "operating"
            else (int(construction * rng.random()) if construction else None)
        )
        start_on = since - dt.timedelta(days=rng.randint(0, 365))
        n_regions = 1 if rng.random() < 0.85 else (2 if rng.random() < 0.8 else 3)
        n_sectors = 1 if rng.random() < 0.7 else 2
        n_portfolios = 1 if rng.random() < 0.9 else 2
        region_ids = r.regions.distinct(rng, n_regions)
        sector_ids = r.sectors.distinct(rng, n_sectors)
        portfolio_ids = r.portfolios.distinct(rng, n_portfolios)
        lead, co = rng.sample(r.companies, 2)
        investors: list[tuple[int, int, str, Decimal | None]] = []
        if rng.random() < 0.5:
            share = Decimal(rng.choice([51, 60, 70, 75, 80, 90]))
            investors.append((ids["investor"], lead, "lead", share))
            investors.append((ids["investor"] + 1, co, "co_investor", 100 - share))
        else:
            investors.append((ids["investor"], lead, "lead", Decimal(100)))
        ids["investor"] += len(investors)
        # History: created, then edits up to the last one; the stage changed at `since`.
        moments = sorted(
            [created, dt.datetime.combine(since, dt.time(12), dt.UTC), last]
            + [created + (last - created) * rng.random() for _ in range(HISTORY - 3)]
        )
        history = []
        for k, when in enumerate(moments):
            now_stage = when.date() >= since or k == HISTORY - 1
            history.append(
                (
                    ids["history"] + k,
                    when,
                    stage if now_stage else EARLIER[stage],
                    since if now_stage else created_day,
                )
            )
        ids["history"] += HISTORY
        investor_history = list(
            range(ids["investor_history"], ids["investor_history"] + len(investors))
        )
        ids["investor_history"] += len(investors)
        yield Spec(
            pid=pid,
            code=f"{CODE_PREFIX}{i:07d}",
            title=f"Generated plant {i}",
            title_ru=f"Завод {i}",
            stage=stage,
            since=since,
            confidentiality=confidentiality.pick(rng),
            money=money,
            jobs=(planned, created_jobs, construction, built),
            counted=rng.random() < 0.97,
            curator=rng.choice(r.curators) if rng.random() < 0.7 else None,
            body=rng.choice(r.bodies) if rng.random() < 0.6 else None,
            start_on=start_on,
            end_on=start_on + dt.timedelta(days=rng.randint(365, 6 * 365)),
            created=created,
            regions=_links(ids, "region", region_ids),
            sectors=_links(ids, "sector", sector_ids),
            portfolios=_links(ids, "portfolio", portfolio_ids),
            investors=investors,
            history=history,
            investor_history=investor_history,
        )


def _rate_id(converted: Any) -> int | None:
    return converted.rates[0].rate_id if converted.rates else None


def _links(ids: dict[str, int], name: str, targets: list[int]) -> list[tuple[int, int]]:
    start = ids[name]
    ids[name] += len(targets)
    return [(start + k, t) for k, t in enumerate(targets)]


# --- the tables and their rows -------------------------------------------------------------------

PROJECT_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "is_illustrative",
    "confidentiality",
    "title",
    "title_ru",
    "title_kk",
    "code",
    "description",
    "stage",
    "stage_since",
    "total_investment_amount",
    "total_investment_currency_id",
    "total_investment_date",
    "total_investment_usd",
    "total_investment_fx_id",
    "foreign_investment_amount",
    "foreign_investment_currency_id",
    "foreign_investment_date",
    "foreign_investment_usd",
    "foreign_investment_fx_id",
    "jobs_planned",
    "jobs_created",
    "construction_jobs_planned",
    "construction_jobs_created",
    "responsible_body_id",
    "curator_id",
    "parent_id",
    "counts_in_totals",
    "start_on",
    "end_on",
    "schedule_approved_on",
    "negotiation_notes",
]
HISTORY_COLUMNS = [
    *PROJECT_COLUMNS,
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_ESCAPES)


def _join(values: Iterable[Any]) -> str:
    return "\t".join(map(_text, values))


@dataclass
class Pieces:
    """A project's row in COPY's text format, cut around the values its history rows change
    (the moment, the stage and its date): formatted once per project, not once per row."""

    head: str  # id, created_at
    middle: str  # is_illustrative … description
    tail: str  # total_investment_amount … negotiation_notes
    history: list[tuple[str, str, str, str]]  # (history id, moment, stage, since) as text


def _pieces(s: Spec) -> Pieces:
    total = s.money["total"]
    foreign = s.money["foreign"] or (None,) * 5
    restricted = s.confidentiality == "restricted"
    return Pieces(
        head=_join([s.pid, s.created]),
        middle=_join([False, s.confidentiality, s.title, s.title_ru, "", s.code, ""]),
        tail=_join(
            [
                *total,
                *foreign,
                *s.jobs,
                s.body,
                s.curator,
                None,
                s.counted,
                s.start_on,
                s.end_on,
                None,
                "Terms under discussion." if restricted else "",
            ]
        ),
        history=[(str(h), str(w), st, str(d)) for h, w, st, d in s.history],
    )


def _project_line(p: Pieces, updated: str, stage: str, since: str) -> str:
    return f"{p.head}\t{updated}\t{p.middle}\t{stage}\t{since}\t{p.tail}"


def _projects(s: Spec, p: Pieces) -> Iterable[str]:
    _hid, last, stage, since = p.history[-1]
    yield _project_line(p, last, stage, since) + "\n"


def _history(s: Spec, p: Pieces) -> Iterable[str]:
    for k, (hid, when, stage, since) in enumerate(p.history):
        kind = "+" if k == 0 else "~"
        yield f"{_project_line(p, when, stage, since)}\t{hid}\t{when}\t{REASON}\t{kind}\t\\N\n"


def _through(name: str) -> Callable[[Spec, Pieces], Iterable[str]]:
    def lines(s: Spec, p: Pieces) -> Iterable[str]:
        for link, target in getattr(s, name):
            yield f"{link}\t{s.pid}\t{target}\n"

    return lines


def _snapshots(name: str) -> Callable[[Spec, Pieces], Iterable[str]]:
    def lines(s: Spec, p: Pieces) -> Iterable[str]:
        links = [f"{link}\t" for link, _t in getattr(s, name)]
        ends = [f"\t{s.pid}\t{target}\n" for _l, target in getattr(s, name)]
        for hid, *_rest in p.history:
            for link, end in zip(links, ends, strict=True):
                yield link + hid + end

    return lines


def _investors(s: Spec, p: Pieces) -> Iterable[str]:
    for iid, org, role, share in s.investors:
        yield _join([iid, s.pid, org, role, share]) + "\n"


def _investor_history(s: Spec, p: Pieces) -> Iterable[str]:
    created = p.head.split("\t", 1)[1]
    for (iid, org, role, share), hid in zip(s.investors, s.investor_history, strict=True):
        yield _join([iid, s.pid, org, role, share, hid]) + f"\t{created}\t{REASON}\t+\t\\N\n"


@dataclass
class Table:
    label: str
    model: Any
    columns: list[str]
    lines: Callable[[Spec, Pieces], Iterable[str]]  # its rows in COPY's text format
    key: str = "id"  # the identity column whose sequence moves past the rows written
    history: bool = False  # one of the history tables


def tables() -> list[Table]:
    from keruen.projects.models import Project, ProjectInvestor

    history = Project.history.model  # type: ignore[attr-defined]
    records = Project._keruen_history  # type: ignore[attr-defined]
    out = [
        Table("projects", Project, PROJECT_COLUMNS, _projects),
    ]
    for name, target in (("regions", "region"), ("sectors", "sector"), ("portfolios", "portfolio")):
        through = getattr(Project, name).through
        out.append(
            Table(f"project {name}", through, ["id", "project_id", f"{target}_id"], _through(name))
        )
    out.append(
        Table(
            "investors",
            ProjectInvestor,
            ["id", "project_id", "organization_id", "role", "share"],
            _investors,
        )
    )
    out.append(
        Table("project history", history, HISTORY_COLUMNS, _history, key="history_id", history=True)
    )
    for name, target in (("regions", "region"), ("sectors", "sector"), ("portfolios", "portfolio")):
        out.append(
            Table(
                f"history of project {name}",
                records.m2m_models[Project._meta.get_field(name)],
                ["id", "history_id", "project_id", f"{target}_id"],
                _snapshots(name),
                key="m2m_history_id",
                history=True,
            )
        )
    out.append(
        Table(
            "investor history",
            ProjectInvestor.history.model,  # type: ignore[attr-defined]
            [
                "id",
                "project_id",
                "organization_id",
                "role",
                "share",
                "history_id",
                "history_date",
                "history_change_reason",
                "history_type",
                "history_user_id",
            ],
            _investor_history,
            key="history_id",
            history=True,
        )
    )
    return out


#: Which counter of `specs` numbers each table's rows.
COUNTERS = {
    "projects": ("project", "id"),
    "project regions": ("region", "id"),
    "project sectors": ("sector", "id"),
    "project portfolios": ("portfolio", "id"),
    "investors": ("investor", "id"),
    "project history": ("history", "history_id"),
    "investor history": ("investor_history", "history_id"),
}


def _bases(cursor: Any, all_tables: list[Table]) -> dict[str, int]:
    out = {}
    for t in all_tables:
        if t.label in COUNTERS:
            counter, column = COUNTERS[t.label]
            cursor.execute(
                f'SELECT COALESCE(MAX("{column}"), 0) + 1 FROM "{t.model._meta.db_table}"'
            )
            out[counter] = int(cursor.fetchone()[0])
    return out


def _copy(cursor: Any, table: str, columns: list[str], path: Path) -> None:
    """Streams the file into `table` by COPY FROM STDIN, a megabyte at a time."""
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy, path.open("rb") as f:
        while chunk := f.read(1 << 20):
            copy.write(chunk)


def load(
    n: int, *, seed: int = SEED, raw: bool = True, raw_history: bool = True, vacuum: bool = True
) -> dict[str, Any]:
    """Writes `n` generated projects and everything that belongs to them by COPY (PostgreSQL),
    then rebuilds the summary tables and vacuums and analyses the database (`vacuum`; only
    analyses it without, as inside a transaction, where VACUUM cannot run): the state
    autovacuum leaves tables in after a bulk load, their visibility map set, so that a count
    can be answered from an index alone.

    One pass over the generated projects writes every table's rows into a temporary file of its
    own in COPY's text format (memory flat in `n`); then each file is streamed by COPY into
    Keruen's table and (`raw`; for the history tables only with `raw_history`) into an
    unindexed copy of it: the same bytes, so the two times differ by what Keruen's table adds
    (indexes, keys, the deferred foreign-key checks at the commit). Returns per table the rows
    and the seconds of its generation, of Keruen's COPY and of the bare one, and the seconds
    spent drawing the projects themselves (`specs_s`)."""
    from django.db import connection, transaction

    from keruen.projects.cube import rebuild

    if connection.vendor != "postgresql":
        raise RuntimeError("the scale benchmark loads by COPY: PostgreSQL only")
    r = refs()
    all_tables = tables()
    with connection.cursor() as c:
        base = _bases(c, all_tables)
    out: dict[str, Any] = {"projects": n, "tables": [], "raw_history": raw and raw_history}
    spool = Path(tempfile.mkdtemp(prefix="keruen-bench-scale-rows-"))
    try:
        entries = _spool(all_tables, specs(n, r, base, seed), spool, out)
        for t, entry in zip(all_tables, entries, strict=True):
            db_table = entry["db_table"]
            path = spool / f"{db_table}.tsv"
            if raw and (raw_history or not t.history):
                with transaction.atomic(), connection.cursor() as c:
                    c.execute(
                        f'CREATE TABLE "bench_raw" '
                        f'(LIKE "{db_table}" INCLUDING DEFAULTS INCLUDING IDENTITY)'
                    )
                    start = time.perf_counter()
                    _copy(c.cursor, "bench_raw", t.columns, path)
                    entry["raw_s"] = time.perf_counter() - start
                    c.execute('DROP TABLE "bench_raw"')
            start = time.perf_counter()
            with transaction.atomic(), connection.cursor() as c:
                _copy(c.cursor, db_table, t.columns, path)
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{db_table}\"', '{t.key}'), "
                    f'(SELECT MAX("{t.key}") FROM "{db_table}"))'
                )
            # The commit checks the deferred foreign keys: part of the write.
            entry["keruen_s"] = time.perf_counter() - start
            path.unlink()
            out["tables"].append(entry)
            print(
                f"bench scale: {t.label}: {entry['rows']:,} rows in {entry['keruen_s']:,.1f} s",
                file=sys.stderr,
            )
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    start = time.perf_counter()
    rebuild()
    out["rebuild_s"] = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as c:
        c.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    out["vacuumed"] = vacuum
    out["analyze_s"] = time.perf_counter() - start
    return out


def _spool(
    all_tables: list[Table], projects: Iterable[Spec], spool: Path, out: dict[str, Any]
) -> list[dict[str, Any]]:
    """Writes every table's rows of `projects` into `spool`/<table>.tsv in one pass; returns
    per table its rows and the seconds spent formatting and writing them, and puts into
    `out["specs_s"]` those spent drawing the projects."""
    entries = [
        {"table": t.label, "db_table": t.model._meta.db_table, "rows": 0, "generate_s": 0.0}
        for t in all_tables
    ]
    files = [(spool / f"{e['db_table']}.tsv").open("w", encoding="utf-8") for e in entries]
    clock = time.perf_counter
    specs_s = 0.0
    try:
        before = clock()
        for s in projects:
            p = _pieces(s)
            now = clock()
            specs_s += now - before
            for t, f, e in zip(all_tables, files, entries, strict=True):
                lines = list(t.lines(s, p))
                f.writelines(lines)
                e["rows"] += len(lines)
                before, now = now, clock()
                e["generate_s"] += now - before
            before = clock()
    finally:
        for f in files:
            f.close()
    out["specs_s"] = specs_s
    return entries


# --- the run -------------------------------------------------------------------------------------


def engine(database_url: str, n: int, requests: int, raw_history: bool = True) -> dict[str, Any]:
    """In this process: migrate, the demo, `load(n)`, then the pages through gunicorn."""
    home = tempfile.mkdtemp(prefix="keruen-bench-scale-")
    hello = tempfile.mkdtemp(prefix="keruen-bench-hello-")
    try:
        headers = web._setup(home, database_url)
        Path(hello, "hello_wsgi.py").write_text(web.HELLO)
        env = {**os.environ, "KERUEN_HOME": home, "PYTHONPATH": f"{hello}:{ROOT / 'src'}"}
        from django.db import connections

        from keruen.projects.models import Project

        result = load(n, raw_history=raw_history)
        result["n_total"] = Project.objects.count()
        result["history_total"] = Project.history.count()  # type: ignore[attr-defined]
        connections.close_all()
        result["pages"] = web._measure(env, headers, hello, requests)
        result["how"] = (
            f"gunicorn, one sync worker, 127.0.0.1, {requests} requests per page after "
            f"{web.WARMUP} warm-up ones, one at a time"
        )
        return result
    finally:
        shutil.rmtree(hello, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def _rates(rows: float, generate_s: float, keruen_s: float, raw_s: float | None) -> str:
    """The table cells: generated, Keruen's and the bare COPY's rows/s, and their ratio."""

    def rate(seconds: float | None) -> str:
        return f"{rows / seconds:,.0f}" if seconds else "—"

    ratio = f"{raw_s / keruen_s:.0%}" if raw_s and keruen_s else "—"
    return f"{rate(generate_s)} | {rate(keruen_s)} | {rate(raw_s)} | {ratio}"


def _verdict(p95: float) -> str:
    return "meets" if p95 <= GOAL_MS else f"misses: p95 > {GOAL_MS:.0f} ms"


def section(result: dict[str, Any]) -> str:
    """The Markdown section of one run (`engine`'s result)."""
    n = result["projects"]
    bare = (
        ""
        if result.get("raw_history", True)
        else " for the tables of current state only: the bare COPY of the history tables "
        "was skipped (`--no-bare-history`), their ratio is —"
    )
    analyze = "`VACUUM (ANALYZE)`" if result.get("vacuumed") else "`ANALYZE`"
    why = (
        " (the state autovacuum leaves the tables in after a bulk load: statistics, and the "
        "visibility map that lets a count read an index alone)"
        if result.get("vacuumed")
        else ""
    )
    lines = [
        f"## National scale: {n:,} generated projects on PostgreSQL (issue 17)",
        "",
        f"`python -m bench scale --projects {n}`: in a database of its own, the demo portfolio, "
        f"then {n:,} generated projects (stages, regions, sectors, four portfolios, investors "
        f"with shares, money in USD/KZT/CNY at the bundled rates, 5 % restricted) with "
        f"{HISTORY} history rows each and their relations' snapshots. One pass over the "
        "generated projects writes every table's rows into a temporary file of its own in "
        "COPY's text format (streamed, memory flat; each project's row formatted once, its "
        "history rows cut from it), then every table, the history ones included, is written "
        "from its file by `COPY … FROM STDIN` (psycopg's `cursor.copy()`) into Keruen's table "
        "with its indexes and keys (the deferred foreign keys checked at the commit), beside "
        f"the same file into an unindexed copy of the table (the raw engine){bare}: Keruen ÷ "
        "bare is what Keruen's schema costs. Generation is Python on one core, before the "
        'writes; "drawing the projects" is the random choices and the money conversion, '
        "each table's rate the formatting and writing of its rows. Then the summary tables "
        f"filled by `keruen rebuild-summary`'s rebuild, and {analyze}{why}.",
        "",
        "| table | rows | generated rows/s | Keruen COPY rows/s | bare COPY rows/s "
        "| Keruen ÷ bare |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = generate_s = keruen_s = raw_s = 0.0
    for t in result["tables"]:
        rows += t["rows"]
        generate_s += t["generate_s"]
        keruen_s += t["keruen_s"]
        raw_s += t.get("raw_s", 0.0)
        lines.append(
            f"| {t['table']} (`{t['db_table']}`) | {t['rows']:,} | "
            f"{_rates(t['rows'], t['generate_s'], t['keruen_s'], t.get('raw_s'))} |"
        )
    specs_s = result.get("specs_s", 0.0)
    generate_s += specs_s
    lines += [
        f"| **all** | **{rows:,.0f}** | {_rates(rows, generate_s, keruen_s, raw_s or None)} |",
        "",
        f"Generated in {generate_s:,.0f} s ({specs_s:,.0f} s of it drawing the projects, "
        f"{n / specs_s if specs_s else 0:,.0f} projects/s) and written in {keruen_s:,.0f} s"
        f"{f' (the bare copies {raw_s:,.0f} s)' if raw_s else ''}; the summary rebuild "
        f"took {result['rebuild_s']:,.1f} s "
        f"({n / result['rebuild_s'] if result['rebuild_s'] else 0:,.0f} projects/s) and "
        f"{analyze} {result['analyze_s']:,.1f} s.",
    ]
    pages = result.get("pages") or {}
    if pages:
        raw_p95 = web._pct(pages[web.HELLO_LABEL], 95) if web.HELLO_LABEL in pages else None
        lines += [
            "",
            f"Pages with {result.get('n_total', n):,} projects and "
            f"{result.get('history_total', 0):,} project history rows, as a signed-in "
            f"coordinator (the API list with a bearer token): {result['how']}. Goal: p95 ≤ "
            f"{GOAL_MS:.0f} ms.",
            "",
            "| page | p50 ms | p95 ms | p95 ÷ raw WSGI p95 | verdict |",
            "|---|---:|---:|---:|---|",
        ]
        for page, times in pages.items():
            p95 = web._pct(times, 95)
            if page == web.HELLO_LABEL:
                ratio, verdict = "1", "the raw engine"
            else:
                ratio = f"{p95 / raw_p95:,.0f}×" if raw_p95 else "—"
                verdict = _verdict(p95)
            lines.append(
                f"| {page} | {web._pct(times, 50):.1f} | {p95:.1f} | {ratio} | {verdict} |"
            )
    return "\n".join(lines)


def _child(database_url: str, n: int, requests: int, raw_history: bool) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.bench_scale", "--child", "--database-url", database_url]
    args += ["--projects", str(n), "--requests", str(requests)]
    args += [] if raw_history else ["--no-bare-history"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench scale", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--projects", type=int, default=PROJECTS, help="how many to generate")
    parser.add_argument(
        "--requests",
        type=int,
        default=int(os.environ.get("KERUEN_BENCH_SCALE_REQUESTS", REQUESTS)),
        help="measured requests per page",
    )
    parser.add_argument(
        "--no-bare-history",
        dest="raw_history",
        action="store_false",
        help="skip the bare COPY of the history tables (the raw engine beside the current ones)",
    )
    return parser


def run(argv: list[str] | None = None) -> str:
    opts = _parser().parse_args(argv or [])
    sys.path.insert(0, str(ROOT / "src"))
    from keruen.core.pgcheck import answers

    if not answers(PG_URL):
        skipped = (
            f"SKIPPED — no PostgreSQL server answers at `{PG_URL}` (set KERUEN_BENCH_PG): the "
            "scale benchmark loads by COPY and runs on PostgreSQL only."
        )
        print(f"bench scale: {skipped}", file=sys.stderr)
        return f"## National scale on PostgreSQL (issue 17)\n\n{skipped}"
    import psycopg

    url = urlsplit(PG_URL)._replace(path=f"/{DB_NAME}").geturl()
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        c.execute(f'CREATE DATABASE "{DB_NAME}"')
    try:
        print(f"bench scale: {opts.projects:,} projects in {url} ...", file=sys.stderr)
        return section(_child(url, opts.projects, opts.requests, opts.raw_history))
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    parser = _parser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if not opts.child:
        print(run(sys.argv[1:]))
    elif not opts.database_url:
        parser.error("--child needs --database-url")
    else:
        print(
            json.dumps(
                engine(opts.database_url, opts.projects, opts.requests, opts.raw_history),
                default=str,
            )
        )
