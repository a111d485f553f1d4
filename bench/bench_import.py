"""Import throughput: generated projects through `keruen import`, beside the raw engine.

For each database (SQLite, and PostgreSQL when one answers on 127.0.0.1:5432), in a fresh
database migrated for the run, in one process per engine:

- **import**: `import_run` of a CSV of N generated projects in the canonical columns (regions,
  sectors, two investors with roles/shares/countries, money in USD/KZT/CNY converted at the
  bundled rates, a portfolio) — every cell validated, one history row per project and investor;
- **bulk_create**: a bare `Project.objects.bulk_create` of the same N rows (built beforehand, no
  relations, no history, no validation);
- **COPY** (PostgreSQL): `COPY projects_project FROM STDIN` of the same N rows;
- **plain COPY** (PostgreSQL): `COPY … FROM STDIN (FORMAT csv)` of the CSV file itself into a bare
  table of one text column per field (no keys, no types, no indexes): the engine's ceiling;
- **rerun**: the same file again (every row unchanged);
- **updates**: a file changing `jobs_planned` in its first `BENCH_IMPORT_UPDATES` rows.

Then the peak memory (max RSS) of a dry-run import of a 1,000,000-row file in its own process.

    python -m bench import                     # writes docs/benchmarks.md
    BENCH_IMPORT_ROWS=100000 BENCH_IMPORT_BIG=1000000 python bench/bench_import.py
    python bench/bench_import.py engine postgresql FILE.csv   # one engine, JSON figures

`BENCH_IMPORT_DB` names the scratch PostgreSQL database (dropped at the end; default
`bench_import_<pid>`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
BIG = int(os.environ.get("BENCH_IMPORT_BIG", "1000000"))
#: Rows changed by the update run (together through `project_bulk_update`).
UPDATES = int(os.environ.get("BENCH_IMPORT_UPDATES", "2000"))
PG = "postgresql://postgres@127.0.0.1:5432/"
REGIONS = ["KZ-19", "KZ-75", "KZ-71", "KZ-61", "KZ-43", "KZ-79", "KZ-31", "KZ-55", "KZ-10"]
SECTORS = ["manufacturing", "energy", "logistics", "mining", "chemicals", "agro-industrial"]
INVESTORS = [(f"Bench Investor {i} Co., Ltd.", "CN" if i % 3 else "KZ") for i in range(40)]
HEADER = [
    "code",
    "title",
    "title_ru",
    "stage",
    "stage_since",
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
    "confidentiality",
    "counts_in_totals",
]
SLIM = [
    "code",
    "title",
    "regions",
    "total_investment_amount",
    "total_investment_currency",
    "total_investment_date",
]


def generate(
    path: Path, n: int, *, slim: bool = False, prefix: str = "B", jobs_offset: int = 0
) -> None:
    rng = random.Random(20250625)
    stages = ["announced", "agreed", "preparation", "construction", "operating"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(SLIM if slim else HEADER)
        for i in range(n):
            code = f"{prefix}-{i:07d}"
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1800))
            currency = rng.choice(["USD", "USD", "KZT", "CNY"])
            amount = Decimal(rng.randint(10**5, 10**9)) / 100
            if slim:
                w.writerow([code, f"Plant {i}", rng.choice(REGIONS), f"{amount}", currency, day])
                continue
            a, b = rng.sample(INVESTORS, 2)
            share = rng.choice([51, 60, 70, 80])
            w.writerow(
                [
                    code,
                    f"Generated plant {i}",
                    f"Завод {i}",
                    rng.choice(stages),
                    day,
                    rng.choice(REGIONS),
                    "; ".join(rng.sample(SECTORS, 2)),
                    f"{a[0]}; {b[0]}",
                    "lead; co_investor",
                    f"{share}.00; {100 - share}.00",
                    f"{a[1]}; {b[1]}",
                    f"{amount}",
                    currency,
                    day,
                    rng.randint(10, 2000) + jobs_offset,
                    "bench",
                    "public",
                    "true",
                ]
            )


# --- one engine, in its own process --------------------------------------------------------------


def _setup(home: str, database_url: str | None) -> None:
    os.environ["KERUEN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keruen.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _project_rows(path: Path) -> list:
    """The same rows as bare Project objects (converted once, outside the timing)."""
    from keruen.core.money import Money, convert
    from keruen.projects.models import Project
    from keruen.reference.selectors import fx_table

    fx = fx_table()
    out = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            amount = Decimal(row["total_investment_amount"])
            on = dt.date.fromisoformat(row["total_investment_date"])
            usd = convert(Money(amount, row["total_investment_currency"], on), "USD", fx)
            out.append(
                Project(
                    code="X" + row["code"],
                    title=row["title"],
                    title_ru=row["title_ru"],
                    stage=row["stage"],
                    stage_since=dt.date.fromisoformat(row["stage_since"]),
                    total_investment_amount=amount,
                    total_investment_currency_id=row["total_investment_currency"],
                    total_investment_date=on,
                    total_investment_usd=usd.amount,
                    total_investment_fx_id=usd.rates[0].rate_id if usd.rates else None,
                    jobs_planned=int(row["jobs_planned"]),
                    confidentiality=row["confidentiality"],
                )
            )
    return out


def engine(name: str, csv_path: str) -> dict:
    home = tempfile.mkdtemp(prefix=f"bench-import-{name}-")
    url = None
    if name == "postgresql":
        db = os.environ.get("BENCH_IMPORT_DB") or f"bench_import_{os.getpid()}"
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {db}")
            c.execute(f"CREATE DATABASE {db}")
        url = PG + db
    _setup(home, url)
    from django.db import connection

    from keruen.imports.services import BATCH, import_run
    from keruen.projects.models import Project

    path = Path(csv_path)
    t = time.perf_counter()
    report = import_run(actor=None, kind="projects", source=path, reason="benchmark")
    import_s = time.perf_counter() - t
    assert report.ok, report.problems[:5]
    n = report.counts["created"]
    t = time.perf_counter()
    again = import_run(actor=None, kind="projects", source=path, reason="benchmark")
    rerun_s = time.perf_counter() - t
    assert again.counts["unchanged"] == n, again.counts
    changed = path.with_name("changed.csv")
    generate(changed, min(UPDATES, n), jobs_offset=1)
    t = time.perf_counter()
    update = import_run(actor=None, kind="projects", source=changed, reason="benchmark")
    update_s = time.perf_counter() - t
    assert update.counts["updated"] == min(UPDATES, n), update.counts
    objs = _project_rows(path)
    t = time.perf_counter()
    Project.objects.bulk_create(objs, batch_size=2000)
    bulk_s = time.perf_counter() - t
    result = {
        "engine": name,
        "rows": n,
        "import_s": import_s,
        "rerun_s": rerun_s,
        "updates": min(UPDATES, n),
        "update_s": update_s,
        "bulk_s": bulk_s,
        "history_rows": Project.history.count(),
        "batch": BATCH,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    if name == "postgresql":
        cols = [
            "code",
            "title",
            "title_ru",
            "title_kk",
            "description",
            "stage",
            "stage_since",
            "total_investment_amount",
            "total_investment_currency_id",
            "total_investment_date",
            "total_investment_usd",
            "jobs_planned",
            "confidentiality",
            "is_illustrative",
            "counts_in_totals",
            "negotiation_notes",
            "created_at",
            "updated_at",
        ]
        now = dt.datetime.now(dt.UTC)
        t = time.perf_counter()
        with connection.cursor() as cur:
            raw = cur.cursor
            with raw.copy(f"COPY projects_project ({', '.join(cols)}) FROM STDIN") as copy:
                for o in objs:
                    copy.write_row(
                        [
                            "C" + o.code,
                            o.title,
                            o.title_ru,
                            "",
                            "",
                            o.stage,
                            o.stage_since,
                            o.total_investment_amount,
                            o.total_investment_currency_id,
                            o.total_investment_date,
                            o.total_investment_usd,
                            o.jobs_planned,
                            o.confidentiality,
                            False,
                            True,
                            "",
                            now,
                            now,
                        ]
                    )
        result["copy_s"] = time.perf_counter() - t
        result["plain_copy_s"] = _plain_copy(path)
        connection.close()
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {db}")
    return result


def _plain_copy(path: Path) -> float:
    """Seconds of a `COPY` of the CSV file itself into a bare table of text columns."""
    from django.db import connection

    with path.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    columns = ", ".join(f'"{c}" text' for c in header)
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE bench_plain ({columns})")
        t = time.perf_counter()
        with (
            path.open("rb") as f,
            cur.cursor.copy("COPY bench_plain FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while block := f.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - t
        cur.execute("SELECT count(*) FROM bench_plain")
        assert cur.fetchone()[0] == ROWS
    return seconds


def memory(csv_path: str) -> dict:
    """A dry-run import of the big file; the parent reads this process's peak RSS."""
    home = tempfile.mkdtemp(prefix="bench-import-mem-")
    _setup(home, None)
    from keruen.imports.services import import_run

    t = time.perf_counter()
    report = import_run(actor=None, kind="projects", source=Path(csv_path), dry_run=True)
    assert report.ok, report.problems[:5]
    return {"rows": report.rows, "seconds": time.perf_counter() - t}


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG + "postgres", connect_timeout=2):
            return True
    except Exception:
        return False


def run() -> str:
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    small = work / "projects.csv"
    generate(small, ROWS)
    engines = ["sqlite"] + (["postgresql"] if _pg_available() else [])
    results = [_child("engine", e, str(small)) for e in engines]
    big = work / "big.csv"
    generate(big, BIG, slim=True, prefix="M")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    mem = _child("memory", str(big))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size_mb = big.stat().st_size / 1e6
    batch = results[0]["batch"]
    lines = [
        "## Import",
        "",
        f"`keruen import projects` of {ROWS:,} generated projects (canonical CSV: regions, "
        "sectors, two investors with roles, shares and countries, money in USD/KZT/CNY "
        "converted at the bundled rates, a portfolio), every cell validated, one history row "
        "per project and per investor, in one transaction; beside a bare `bulk_create` of the "
        "same rows (no relations, history or validation) and, on PostgreSQL, a `COPY` of them "
        "into Keruen's project table and a plain `COPY` of the CSV file itself into a bare table "
        "of one text column per field, measured in the same run in a fresh database. Then a "
        "rerun of the same file (every "
        "row unchanged) and a file changing one cell of its first rows (updates). Wall-clock "
        "time on a machine shared with other work: the load average (1, 5, 15 min) is taken "
        "at the end of each engine's run; the machine was not idle when it is above ~0.5.",
        "",
        "| engine | import rows/s | bare bulk_create rows/s | COPY into the tables rows/s "
        "| plain COPY of the file rows/s | import / bulk_create | import / COPY into the tables "
        "| import / plain COPY | rerun, unchanged rows/s | updates rows/s | load average |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        imp = r["rows"] / r["import_s"]
        bulk = r["rows"] / r["bulk_s"]
        copy = r["rows"] / r["copy_s"] if "copy_s" in r else None
        plain = r["rows"] / r["plain_copy_s"] if "plain_copy_s" in r else None
        lines.append(
            f"| {r['engine']} | {imp:,.0f} | {bulk:,.0f} | "
            f"{f'{copy:,.0f}' if copy else '—'} | {f'{plain:,.0f}' if plain else '—'} | "
            f"{imp / bulk:.0%} | {f'{imp / copy:.0%}' if copy else '—'} | "
            f"{f'{imp / plain:.1%}' if plain else '—'} | {r['rows'] / r['rerun_s']:,.0f} | "
            f"{r['updates'] / r['update_s']:,.0f} ({r['updates']:,} rows) | {r['load']} |"
        )
    lines += [
        "",
        f"Peak memory of a dry-run import of a {mem['rows']:,}-row file ({size_mb:,.0f} MB): "
        f"**{peak_mb:,.0f} MB** max RSS (target < 512 MB; {mem['rows'] / mem['seconds']:,.0f} "
        f"rows/s). Rows are streamed and written in batches of {batch:,}; the report keeps counts "
        f"and the first 1,000 codes of each outcome.",
        "",
        "Targets (issue 17): at least 30 % of the COPY into the tables and 2.5 % of the plain "
        "COPY of the file; updates 2,000 rows/s. Each row is read and validated in plain Python "
        "against lookups loaded once (regions, sectors, organizations, currencies and rates, "
        "portfolios, the batch's stored projects); only a value that may break a field's rule "
        "goes through Django's `clean_fields`, for its message. New rows go through "
        "`project_bulk_create` and changed rows through `project_bulk_update` "
        "(`keruen.projects.bulk`): projects, relation rows and investors as tuples by `COPY` "
        "(PostgreSQL, keys reserved from the sequence) or `executemany` (SQLite), changes by "
        "`COPY` into a staging table and one `UPDATE … FROM`; the history rows of new projects "
        "and investors and their relation snapshots written by the same `COPY` from the values "
        "just written, those of changed rows copied by `INSERT … SELECT` from the stored rows; "
        "the summary tables moved by one grouped delta for the whole import, at its end; a rerun "
        f"compares each batch of {batch:,} rows with the stored values in a few queries and "
        "writes nothing for a row "
        "that changes nothing.",
    ]
    del before
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "engine":
        print(json.dumps(engine(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "memory":
        print(json.dumps(memory(sys.argv[2])))
    else:
        print(run())
