"""The dashboard's figures from summary tables, whose cost does not grow with the projects.

Maintenance: `refresh_facts(project_ids)` — called in the same transaction by every service that
writes a project or something its key depends on (its regions, sectors, portfolios, investors;
an organization's country; a sector's parent) — recomputes those projects' facts and moves only
the cells their old and new facts fall in: a write costs the size of the write. Within
`refresh_once()` (an import) the refreshes are collected and run once, for all the projects, at
the end of the block, in the same transaction. `rebuild()`
(`keruen rebuild-summary`) recomputes everything, for data written around the services (a bulk
load by SQL).

"Advanced since the last government meeting" (the regions' scorecards, the dashboard's lagging
regions) is frozen too: for each meeting day (`SummaryMeeting`, every event of the meeting kind,
whoever may see it, so that every reader's last meeting is there), a fact lists the meetings
since which its project moved up the stage ladder, its stage at each meeting read from its
history when the fact is written (`_advanced_pairs`, one statement for all meetings), and
`SummaryAdvancedCell` adds them up per key. `sync_meetings()` (on every write of an event)
recomputes them when the meetings' days change.

Reads: a reader's scope (`accounts.policy`, the same rule as `Project.objects.restrict(user,
"view")`) is a set of keys; each figure sums the cells of those keys. They equal the direct
queries of `keruen.projects.figures` and `keruen.reports.dashboard` for a portfolio or the whole
registry, which tests/projects/test_cube.py checks over random data and scopes; selections the
keys cannot express (a region, a sector, a search...) keep the direct queries.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from keruen.accounts.models import Role
from keruen.accounts.selectors import user_scope
from keruen.agreements.models import Event
from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects import models as m
from keruen.projects.models import (
    Project,
    ProjectFact,
    ProjectInvestor,
    SummaryAdvancedCell,
    SummaryCell,
    SummaryKey,
    SummaryMeeting,
)
from keruen.projects.selectors import SETTLED_STAGES, STAGE_RANK
from keruen.projects.summary_models import Kind, meeting_number
from keruen.reference.models import Sector

#: Projects per refresh at the end of `refresh_once`, on engines other than PostgreSQL.
CHUNK = 1000
SUMS = ("inv", "foreign", "jobs", "created", "cjobs")


def month_number(day: dt.date | None) -> int:
    """A cell's month: year × 12 + month − 1; 0 for no date."""
    return day.year * 12 + day.month - 1 if day else 0


# --- maintenance ---------------------------------------------------------------------------------
#
# Set-based: a refresh is a fixed number of statements whatever the number of projects. The new
# facts of the projects concerned go into a temporary table (one INSERT … SELECT: their lists of
# regions, portfolios, top-level sectors and investor countries aggregated sorted, their key's
# signature built from them, the meetings since which they advanced); the keys they need are
# created; each summary table moves by the grouped difference of the old facts (subtracted) and
# the new ones (added), `INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE`; then the facts are
# replaced. `rebuild()` is the same over every project, on emptied tables.

#: The temporary table of the new facts of the projects being refreshed.
NEW = "cube_new_facts"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: Any) -> str:
    return _q(model._meta.db_table)


def _col(model: Any, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _temporary() -> str:
    """`NEW` in the connection's own schema of temporary tables (never a table of the same name
    in the database's)."""
    return f"{'pg_temp' if _postgres() else 'temp'}.{_q(NEW)}"


def _in(column: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    """`column` among `ids` (one parameter, however many ids), or always true for `None`."""
    if ids is None:
        return "1 = 1", []
    if _postgres():
        return f"{column} = ANY(%s::bigint[])", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def _sorted_list(pairs: str) -> str:
    """Per project of `pairs` (a query of distinct `project_id`, `v` integer rows): its values
    as the comma-separated text of the numbers in increasing order (`list`), and how many (`n`)."""
    if _postgres():
        return (
            "SELECT project_id, string_agg(CAST(v AS TEXT), ',' ORDER BY v) AS list, "
            f"COUNT(*) AS n FROM ({pairs}) pairs GROUP BY project_id"
        )
    # SQLite before 3.44 has no ORDER BY inside an aggregate: a window over the whole project,
    # in order, gives each of its rows the full list.
    return (
        "SELECT DISTINCT project_id, group_concat(v, ',') OVER w AS list, COUNT(*) OVER w AS n "
        f"FROM ({pairs}) pairs WINDOW w AS (PARTITION BY project_id ORDER BY v "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
    )


#: A rank above every stage's: no stage now is beyond it.
OFF_THE_LADDER = max(STAGE_RANK.values()) + 1


def _rank_sql(stage: str) -> str:
    """The rank of `stage` (an SQL expression) on the stage ladder (`STAGE_RANK`); NULL off it."""
    cases = " ".join(f"WHEN '{s.value}' THEN {r}" for s, r in STAGE_RANK.items())
    return f"(CASE {stage} {cases} END)"


def _month_sql(day: str) -> str:
    """`month_number` of the date `day` (an SQL expression)."""
    if _postgres():
        year, month = (f"CAST(EXTRACT({part} FROM {day}) AS INTEGER)" for part in ("YEAR", "MONTH"))
    else:
        year, month = (f"CAST(strftime('%%{part}', {day}) AS INTEGER)" for part in ("Y", "m"))
    return f"COALESCE({year} * 12 + {month} - 1, 0)"


def _split(column: str) -> tuple[str, str]:
    """A join over the ids of the comma-separated text `column`, and the id's expression."""
    if _postgres():
        return f"CROSS JOIN LATERAL unnest(string_to_array({column}, ',')) AS part(v)", (
            "CAST(part.v AS BIGINT)"
        )
    return f"JOIN json_each('[' || {column} || ']') AS part", "part.value"


#: A government meeting as the maintenance's statements take it: its number (YYYYMMDD), its day
#: and the end of its day, the last two as the database's parameters.
Meeting = tuple[int, Any, Any]


def meeting_end(meeting: dt.date) -> dt.datetime:
    """The end of a meeting's day: history rows before it tell a project's stage at it."""
    end = dt.datetime.combine(meeting + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) if timezone.is_naive(end) else end


def _meetings() -> list[Meeting]:
    """The meetings (`SummaryMeeting`) the facts say "advanced since" of."""
    ops = connection.ops
    return [
        (
            meeting_number(day),
            ops.adapt_datefield_value(day),
            ops.adapt_datetimefield_value(meeting_end(day)),
        )
        for day in SummaryMeeting.objects.order_by("day").values_list("day", flat=True)
    ]


def _advanced_pairs(
    rows: str, meetings: list[Meeting], ids: list[int] | None
) -> tuple[str, list[Any]]:
    """The query of the distinct (`project_id`, `v`) pairs: a project of `rows` (a query of
    `project_id`, `stage`, `since`; the projects `ids`, None: all) and the number of a meeting
    since which it moved up the stage ladder; with the parameters that follow `rows`'.

    The rule (`keruen.projects.selectors.advanced`, project by project): its latest history row
    before the end of the meeting's day (none when it records a deletion) gives its stage then,
    which its stage now must pass on the ladder (a stage off the ladder, then or now, is passed by
    nothing); without one (recorded after the meeting, or around the services) it advanced when
    it entered its current stage after the meeting and that stage is beyond "announced" (rank 0).

    One statement for every meeting, one pass over the history: each history row holds from its
    date until the next row's (`LEAD`), and a meeting's row is the one holding at its end."""
    history = Project.history.model
    params = [value for meeting in meetings for value in meeting]
    during = " UNION ALL ".join("SELECT %s AS number, %s AS day, %s AS ends" for _m in meetings)
    where, more = _in(_q("id"), ids)
    params += more
    at, hid = _col(history, "history_date"), _col(history, "history_id")
    spans = (
        f"SELECT {_q('id')} AS project_id, {_col(history, 'stage')} AS stage, "
        f"{_col(history, 'history_type')} AS kind, {at} AS starts, "
        f"LEAD({at}) OVER (PARTITION BY {_q('id')} ORDER BY {at}, {hid}) AS ends "
        f"FROM {_table(history)} WHERE {where}"
    )
    then = (
        "CASE WHEN h.project_id IS NOT NULL AND h.kind <> '-' AND h.stage IS NOT NULL "
        f"THEN COALESCE({_rank_sql('h.stage')}, {OFF_THE_LADDER}) "
        f"WHEN r.since > mt.day THEN 0 ELSE {OFF_THE_LADDER} END"
    )
    sql = (
        f"SELECT r.project_id, mt.number AS v FROM ({rows}) r CROSS JOIN ({during}) mt "
        f"LEFT JOIN ({spans}) h ON h.project_id = r.project_id AND h.starts < mt.ends "
        f"AND (h.ends IS NULL OR h.ends >= mt.ends) WHERE {_rank_sql('r.stage')} > {then}"
    )
    return sql, params


def _new_facts(ids: list[int] | None, meetings: list[Meeting]) -> tuple[str, list[Any]]:
    """The query of what the projects `ids` (None: all) add now, one row per existing project:
    its fact's columns and its key's (`signature`, `confidentiality`, `curator_id`,
    `responsible_body_id`, `n_regions`); `advanced` for `meetings`."""
    p = Project
    regions, portfolios, sectors = (
        Project.regions.through,
        Project.portfolios.through,
        Project.sectors.through,
    )
    params: list[Any] = []

    def among(column: str) -> str:
        where, more = _in(column, ids)
        params.extend(more)
        return where

    restricted = f"p.{_col(p, 'confidentiality')} = '{Confidentiality.RESTRICTED.value}'"
    curator = f"CASE WHEN {restricted} THEN p.{_col(p, 'curator')} END"
    body = f"CASE WHEN {restricted} THEN p.{_col(p, 'responsible_body')} END"
    stage = f"p.{_col(p, 'stage')}"
    amounts = [
        ("inv", "total_investment_usd"),
        ("foreign", "foreign_investment_usd"),
        ("jobs", "jobs_planned"),
        ("created", "jobs_created"),
        ("cjobs", "construction_jobs_planned"),
    ]
    region_pairs = (
        f"SELECT {_col(regions, 'project')} AS project_id, {_col(regions, 'region')} AS v "
        f"FROM {_table(regions)} WHERE {among(_col(regions, 'project'))}"
    )
    portfolio_pairs = (
        f"SELECT {_col(portfolios, 'project')} AS project_id, "
        f"{_col(portfolios, 'portfolio')} AS v FROM {_table(portfolios)} "
        f"WHERE {among(_col(portfolios, 'project'))}"
    )
    sector_pairs = (
        f"SELECT DISTINCT ps.{_col(sectors, 'project')} AS project_id, "
        f"COALESCE(s.{_col(Sector, 'parent')}, ps.{_col(sectors, 'sector')}) AS v "
        f"FROM {_table(sectors)} ps JOIN {_table(Sector)} s "
        f"ON s.{_q('id')} = ps.{_col(sectors, 'sector')} "
        f"WHERE {among('ps.' + _col(sectors, 'project'))}"
    )
    country_pairs = (
        f"SELECT DISTINCT i.{_col(ProjectInvestor, 'project')} AS project_id, "
        f"o.{_col(Organization, 'country')} AS v "
        f"FROM {_table(ProjectInvestor)} i JOIN {_table(Organization)} o "
        f"ON o.{_q('id')} = i.{_col(ProjectInvestor, 'organization')} "
        f"WHERE o.{_col(Organization, 'country')} IS NOT NULL "
        f"AND {among('i.' + _col(ProjectInvestor, 'project'))}"
    )
    lists = [
        ("r", region_pairs),
        ("f", portfolio_pairs),
        ("s", sector_pairs),
        ("c", country_pairs),
    ]
    if meetings:
        rows = (
            f"SELECT {_q('id')} AS project_id, {_col(p, 'stage')} AS stage, "
            f"{_col(p, 'stage_since')} AS since FROM {_table(p)} WHERE {among(_q('id'))}"
        )
        advanced, more = _advanced_pairs(rows, meetings, ids)
        lists.append(("a", advanced))
        params.extend(more)
    joins = " ".join(
        f"LEFT JOIN ({_sorted_list(pairs)}) {alias} ON {alias}.project_id = p.{_q('id')}"
        for alias, pairs in lists
    )
    signature = (
        f"p.{_col(p, 'confidentiality')} || '|' || COALESCE(CAST({curator} AS TEXT), '') || '|' "
        f"|| COALESCE(CAST({body} AS TEXT), '') || '|' || COALESCE(r.list, '') || '|' "
        "|| COALESCE(f.list, '')"
    )
    kind = (
        f"CASE WHEN p.{_col(p, 'counts_in_totals')} THEN '{Kind.COUNTED.value}' "
        f"WHEN p.{_col(p, 'parent')} IS NOT NULL THEN '{Kind.IN_PARENT.value}' "
        f"ELSE '{Kind.ELSEWHERE.value}' END"
    )
    columns = [
        f"p.{_q('id')} AS project_id",
        f"{signature} AS signature",
        f"p.{_col(p, 'confidentiality')} AS confidentiality",
        f"{curator} AS curator_id",
        f"{body} AS responsible_body_id",
        "COALESCE(r.n, 0) AS n_regions",
        f"{kind} AS kind",
        f"{stage} AS stage",
        f"p.{_col(p, 'stage_since')} AS since",
        *(f"COALESCE(p.{_col(p, field)}, 0) AS {_q(name)}" for name, field in amounts),
        "COALESCE(s.list, '') AS sectors",
        "COALESCE(c.list, '') AS countries",
        "COALESCE(a.list, '') AS advanced" if meetings else "'' AS advanced",
    ]
    sql = f"SELECT {', '.join(columns)} FROM {_table(p)} p {joins} WHERE {among('p.' + _q('id'))}"
    return sql, params


def refresh_facts(project_ids: Iterable[int]) -> None:
    """Bring the summary tables up to date for `project_ids` (created, changed or deleted), or,
    within `refresh_once`, when it ends."""
    ids = {int(i) for i in project_ids if i is not None}
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending |= ids
    elif ids:
        _refresh(sorted(ids))


#: The projects whose refresh waits for the end of `refresh_once` (per thread: a connection's).
_deferred = threading.local()


class RefreshOnce:
    """What `refresh_once` collected; `cancel()` for a transaction that will be rolled back."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


@contextmanager
def refresh_once() -> Iterator[RefreshOnce]:
    """Every `refresh_facts` within is collected and run once, for all the projects, when the
    block ends without an error (unless cancelled): an import of many batches refreshes its
    projects with one set of statements instead of one per batch. Must run inside the
    transaction of the writes (the refresh is part of it); nested, the outer one refreshes."""
    if getattr(_deferred, "ids", None) is not None:
        yield RefreshOnce()
        return
    state = RefreshOnce()
    ids: set[int] = set()
    _deferred.ids = ids
    try:
        yield state
    finally:
        del _deferred.ids
    if ids and not state.cancelled:
        ordered = sorted(ids)
        # SQLite's plan of `_new_facts` scans the projects' sector and country lists once per
        # project (it builds no automatic index on them): by parts of CHUNK its cost stays
        # linear in the projects. PostgreSQL hashes them: one statement for all is cheapest.
        step = len(ordered) if _postgres() else CHUNK
        for start in range(0, len(ordered), step):
            _refresh(ordered[start : start + step])


def _refresh(ids: list[int] | None) -> None:
    """Moves the facts of the projects `ids` (None: all, on emptied tables) and their cells."""
    fact = ProjectFact
    with transaction.atomic(), connection.cursor() as cursor:
        # The meetings stay as they are until the facts are written (`sync_meetings`).
        _lock_meetings(cursor, "SHARE")
        meetings = _meetings()
        old, old_params = _in(f"f.{_col(fact, 'project')}", ids)
        touched: set[int] = set()  # the keys whose cells may be left empty
        if ids is not None:
            # Two writers of the same projects: the second waits for the first's facts.
            lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
            cursor.execute(
                f"SELECT f.{_col(fact, 'key')} FROM {_table(fact)} f WHERE {old}{lock}",
                old_params,
            )
            touched.update(k for (k,) in cursor.fetchall())
        cursor.execute(f"DROP TABLE IF EXISTS {_temporary()}", [])
        new_sql, new_params = _new_facts(ids, meetings)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_q(NEW)} AS SELECT n.*, k.{_q('id')} AS key_id "
            f"FROM ({new_sql}) n LEFT JOIN {_table(SummaryKey)} k "
            f"ON k.{_col(SummaryKey, 'signature')} = n.signature",
            new_params,
        )
        _create_keys(cursor)
        if ids is not None:
            cursor.execute(f"SELECT DISTINCT key_id FROM {_q(NEW)}", [])
            touched.update(k for (k,) in cursor.fetchall())
        # Each summary table: its group columns, what they are in a fact, its sums.
        _move(
            cursor,
            SummaryCell,
            {
                "key_id": "f.key_id",
                "kind": "f.kind",
                "stage": "f.stage",
                "month": _month_sql("f.since"),
            },
            ["n", *SUMS],
            old=(old, old_params) if ids is not None else None,
            touched=touched,
        )
        for model, group, listed in LISTED:
            _move(
                cursor,
                model,
                {"key_id": "f.key_id", group: "{part}"},
                LISTED_SUMS[model],
                old=(old, old_params) if ids is not None else None,
                touched=touched,
                listed=listed,
            )
        if ids is not None:
            gone, gone_params = _in(_col(fact, "project"), ids)
            cursor.execute(f"DELETE FROM {_table(fact)} WHERE {gone}", gone_params)
        columns = ["kind", "stage", "since", "sectors", "countries", "advanced", *SUMS]
        cursor.execute(
            f"INSERT INTO {_table(fact)} ({_col(fact, 'project')}, {_col(fact, 'key')}, "
            f"{', '.join(_col(fact, c) for c in columns)}) "
            f"SELECT project_id, key_id, {', '.join(_q(c) for c in columns)} FROM {_q(NEW)}",
            [],
        )
        cursor.execute(f"DROP TABLE {_temporary()}", [])


def _create_keys(cursor: Any) -> None:
    """Creates the keys of the new facts not met before, with their regions and portfolios, and
    gives each new fact its key (a key two transactions create at once is inserted once)."""
    key = SummaryKey
    signature = f"k.{_col(key, 'signature')}"
    columns = ["signature", "confidentiality", "curator_id", "responsible_body_id", "n_regions"]
    cursor.execute(
        f"INSERT INTO {_table(key)} ({', '.join(_col(key, c) for c in columns)}) "
        f"SELECT DISTINCT {', '.join(f'n.{c}' for c in columns)} FROM {_q(NEW)} n "
        f"WHERE n.key_id IS NULL ON CONFLICT ({_col(key, 'signature')}) DO NOTHING",
        [],
    )
    if cursor.rowcount:
        for model, through, target in (
            (m.SummaryKeyRegion, Project.regions.through, "region"),
            (m.SummaryKeyPortfolio, Project.portfolios.through, "portfolio"),
        ):
            cursor.execute(
                f"INSERT INTO {_table(model)} ({_col(model, 'key')}, {_col(model, target)}) "
                f"SELECT DISTINCT k.{_q('id')}, t.{_col(through, target)} FROM {_q(NEW)} n "
                f"JOIN {_table(key)} k ON {signature} = n.signature "
                f"JOIN {_table(through)} t ON t.{_col(through, 'project')} = n.project_id "
                f"WHERE n.key_id IS NULL AND NOT EXISTS (SELECT 1 FROM {_table(model)} x "
                f"WHERE x.{_col(model, 'key')} = k.{_q('id')}) ON CONFLICT DO NOTHING",
                [],
            )
    cursor.execute(
        f"UPDATE {_q(NEW)} SET key_id = (SELECT k.{_q('id')} FROM {_table(key)} k "
        f"WHERE {signature} = {_q(NEW)}.signature) WHERE key_id IS NULL",
        [],
    )


def _move(
    cursor: Any,
    model: Any,
    group: dict[str, str],
    columns: list[str],
    *,
    old: tuple[str, list[Any]] | None,
    touched: set[int],
    listed: str = "",
    new: str = "",
) -> None:
    """Adds to `model`'s cells (created when missing) the new facts' contributions (`new`: their
    table) less the old facts' (`old`: which facts, None for none); then drops the cells of the
    `touched` keys left empty. `group`: the cells' group columns and what they are in a fact
    (`{part}`: each id of the fact's comma-separated `listed` column, for its counted facts
    only)."""
    branches, params = [], []
    for source, where, sign in (
        *([(_table(ProjectFact), old[0], "-")] if old else []),
        (new or _q(NEW), "1 = 1", ""),
    ):
        join, part = _split(f"f.{listed}") if listed else ("", "")
        values = [
            *(f"{e.format(part=part)} AS g{i}" for i, e in enumerate(group.values())),
            *(f"{sign}{'1' if c == 'n' else f'f.{_q(c)}'} AS {_q(c)}" for c in columns),
        ]
        counted = f" AND f.kind = '{Kind.COUNTED.value}'" if listed else ""
        branches.append(f"SELECT {', '.join(values)} FROM {source} f {join} WHERE {where}{counted}")
    if old:
        params += old[1]
    groups = ", ".join(f"g{i}" for i in range(len(group)))
    quoted = [_q(c) for c in columns]
    table = _table(model)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(_q(c) for c in group)}, {', '.join(quoted)}) "
        f"SELECT {groups}, {', '.join(f'SUM({c})' for c in quoted)} "
        f"FROM ({' UNION ALL '.join(branches)}) d GROUP BY {groups} "
        f"HAVING {' OR '.join(f'SUM({c}) <> 0' for c in quoted)} "
        f"ON CONFLICT ({', '.join(_q(c) for c in group)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in quoted),
        params,
    )
    if touched:
        keys, keys_params = _in(_col(model, "key"), sorted(touched))
        cursor.execute(f"DELETE FROM {table} WHERE {_q('n')} = 0 AND {keys}", keys_params)


#: The summary tables of a fact's comma-separated columns: the column, the cells' group column,
#: their sums.
LISTED = (
    (m.SummarySectorCell, "sector_id", "sectors"),
    (m.SummaryCountryCell, "country_id", "countries"),
    (SummaryAdvancedCell, "meeting", "advanced"),
)
LISTED_SUMS: dict[Any, list[str]] = {
    m.SummarySectorCell: ["n", "inv"],
    m.SummaryCountryCell: ["n", "inv"],
    SummaryAdvancedCell: ["n"],
}


def _lock_meetings(cursor: Any, mode: str) -> None:
    """On PostgreSQL, the list of meetings locked in `mode`: SHARE while facts are written from
    it (writers of facts do not wait for each other), EXCLUSIVE while it changes."""
    if _postgres():
        cursor.execute(f"LOCK TABLE {_table(SummaryMeeting)} IN {mode} MODE", [])


def _sync_meeting_days(cursor: Any) -> bool:
    """Makes `SummaryMeeting` the days of the government meetings; whether it changed."""
    _lock_meetings(cursor, "EXCLUSIVE")
    days = set(Event.objects.filter(kind=Event.Kind.MEETING).values_list("starts_on", flat=True))
    held = set(SummaryMeeting.objects.values_list("day", flat=True))
    if days == held:
        return False
    SummaryMeeting.objects.filter(day__in=held - days).delete()
    SummaryMeeting.objects.bulk_create(SummaryMeeting(day=day) for day in sorted(days - held))
    return True


def sync_meetings() -> None:
    """The government meetings changed (or may have: an event was written): when their days did,
    every fact's `advanced` and the cells of `SummaryAdvancedCell` are recomputed, in a few
    statements over the facts and the history (a pass over the data, once per new meeting day;
    any other write of an event costs two small queries)."""
    fact = ProjectFact
    with transaction.atomic(), connection.cursor() as cursor:
        if not _sync_meeting_days(cursor):
            return
        cursor.execute(f"DELETE FROM {_table(SummaryAdvancedCell)}", [])
        column = _col(fact, "advanced")
        cursor.execute(f"UPDATE {_table(fact)} SET {column} = '' WHERE {column} <> ''", [])
        meetings = _meetings()
        if not meetings:
            return
        rows = (
            f"SELECT {_col(fact, 'project')} AS project_id, {_col(fact, 'stage')} AS stage, "
            f"{_col(fact, 'since')} AS since FROM {_table(fact)}"
        )
        pairs, params = _advanced_pairs(rows, meetings, None)
        cursor.execute(f"DROP TABLE IF EXISTS {_temporary()}", [])
        cursor.execute(f"CREATE TEMPORARY TABLE {_q(NEW)} AS {_sorted_list(pairs)}", params)
        cursor.execute(
            f"UPDATE {_table(fact)} SET {column} = n.list FROM {_q(NEW)} n "
            f"WHERE n.project_id = {_table(fact)}.{_col(fact, 'project')}",
            [],
        )
        cursor.execute(f"DROP TABLE {_temporary()}", [])
        _move(
            cursor,
            SummaryAdvancedCell,
            {"key_id": "f.key_id", "meeting": "{part}"},
            ["n"],
            old=None,
            touched=set(),
            listed="advanced",
            new=_table(fact),
        )


#: The tables the facts are computed from.
SOURCES = (
    Project,
    Project.regions.through,
    Project.portfolios.through,
    Project.sectors.through,
    Project.history.model,
    ProjectInvestor,
    Organization,
    Sector,
)


def rebuild() -> int:
    """Recompute every summary table from the projects; returns the number of projects.

    On PostgreSQL the tables it reads are analysed first: a rebuild follows writes made around
    the services (a bulk load by SQL), after which the planner's statistics may still describe
    empty tables, and a plan for empty tables (the latest history row of each project looked up
    by a scan) takes hours at a million projects rather than minutes."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if _postgres():
                for model in SOURCES:
                    cursor.execute(f"ANALYZE {_table(model)}", [])
            _sync_meeting_days(cursor)
            # DELETE rather than TRUNCATE: readers keep the old figures until the commit.
            for model in (
                SummaryCell,
                m.SummarySectorCell,
                m.SummaryCountryCell,
                SummaryAdvancedCell,
                ProjectFact,
                m.SummaryKeyRegion,
                m.SummaryKeyPortfolio,
                SummaryKey,
            ):
                cursor.execute(f"DELETE FROM {_table(model)}", [])
        _refresh(None)
        return ProjectFact.objects.count()


def refresh_for_organization(organization: Organization) -> None:
    """An organization's country changed (or may have): its investments' countries move."""
    refresh_facts(
        ProjectInvestor.objects.filter(organization=organization).values_list(
            "project_id", flat=True
        )
    )


def refresh_for_sector(sector: Sector) -> None:
    """A sector's parent changed (or may have): where its projects count moves."""
    refresh_facts(sector_projects(sector))


def sector_projects(sector: Sector) -> list[int]:
    """The projects that count under `sector` or one of its sub-sectors."""
    return list(
        Project.sectors.through.objects.filter(
            Q(sector_id=sector.pk) | Q(sector__parent_id=sector.pk)
        ).values_list("project_id", flat=True)
    )


# --- reads ---------------------------------------------------------------------------------------


def visible_keys(*, user: Any, portfolio: str | None = None) -> QuerySet[SummaryKey]:
    """The keys of the projects `user` may see (`accounts.policy`), in `portfolio` if given."""
    keys = SummaryKey.objects.all()
    if portfolio:
        keys = keys.filter(portfolios__portfolio__slug=portfolio)
    scope = user_scope(user)
    if scope.is_coordinator:
        return keys
    if not scope.authenticated:
        return keys.filter(confidentiality=Confidentiality.PUBLIC)
    q = Q(confidentiality__in=[Confidentiality.PUBLIC, Confidentiality.INTERNAL])
    if scope.role == Role.REGIONAL_EDITOR and scope.regions:
        q |= Q(
            pk__in=m.SummaryKeyRegion.objects.filter(region__code__in=sorted(scope.regions)).values(
                "key_id"
            )
        )
    if scope.role == Role.AGENCY_OFFICER and scope.organization_id:
        q |= Q(curator_id=scope.organization_id) | Q(responsible_body_id=scope.organization_id)
    return keys.filter(q)


def of_keys(model: Any, keys: QuerySet[SummaryKey]) -> QuerySet[Any]:
    """The rows of `model` (cells or facts) of `keys`; every row when `keys` is every key (a
    coordinator's view of the registry), without a filter for the engine to evaluate."""
    if not keys.query.where:
        return model.objects.all()
    return model.objects.filter(key__in=keys.values("pk"))


def cells(keys: QuerySet[SummaryKey]) -> QuerySet[SummaryCell]:
    return of_keys(SummaryCell, keys)


def stage_sums(keys: QuerySet[SummaryKey]) -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, stage) → n and sums."""
    names = ("n", *SUMS)
    rows = cells(keys).order_by().values_list("kind", "stage").annotate(*(Sum(s) for s in names))
    return {
        (kind, stage): dict(zip(names, (v or 0 for v in sums), strict=True))
        for kind, stage, *sums in rows
    }


def counted_total(
    keys: QuerySet[SummaryKey], *, stage: str | None = None, several_regions: bool = False
) -> int:
    """The counted projects of `keys` (in `stage`; with more than one region)."""
    return listed_total(keys, stage=stage, several_regions=several_regions, kind=Kind.COUNTED)


def listed_total(
    keys: QuerySet[SummaryKey],
    *,
    stage: str | None = None,
    several_regions: bool = False,
    kind: str | None = None,
) -> int:
    """The projects of `keys`, counted in totals or not (of `kind`; in `stage`; with more than
    one region): as many as the project list lists."""
    qs = cells(keys)
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    if several_regions:
        qs = qs.filter(key__n_regions__gt=1)
    return qs.aggregate(s=Sum("n"))["s"] or 0


# --- what the keys depend on outside the projects ------------------------------------------------


def _organization_saved(sender: Any, instance: Organization, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_for_organization(instance)


def _sector_saved(sender: Any, instance: Sector, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_for_sector(instance)


def _sector_deleting(sender: Any, instance: Sector, **kwargs: Any) -> None:
    instance._summary_projects = sector_projects(instance)  # type: ignore[attr-defined]


def _sector_deleted(sender: Any, instance: Sector, **kwargs: Any) -> None:
    refresh_facts(getattr(instance, "_summary_projects", ()))


def _event_written(sender: Any, instance: Event, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        sync_meetings()


def connect_signals() -> None:
    """An organization's country and a sector's parent decide where a project counts, and the
    government meetings' days what "advanced since" is counted for: their writes (by any service,
    the admin or a fixture) move the projects concerned."""
    from django.db.models.signals import post_delete, post_save, pre_delete

    post_save.connect(_organization_saved, sender=Organization, dispatch_uid="cube-org")
    post_save.connect(_sector_saved, sender=Sector, dispatch_uid="cube-sector")
    pre_delete.connect(_sector_deleting, sender=Sector, dispatch_uid="cube-sector-deleting")
    post_delete.connect(_sector_deleted, sender=Sector, dispatch_uid="cube-sector-deleted")
    post_save.connect(_event_written, sender=Event, dispatch_uid="cube-event")
    post_delete.connect(_event_written, sender=Event, dispatch_uid="cube-event-deleted")


# --- the dashboard's panels and the regions' scorecards -----------------------------------------

#: Grouped by a cell's key's regions: one row per region of the key (a key of several regions
#: adds to each).
REGION = "key__regions__region__code"
#: The same by the region's id (the regions' scorecards).
REGION_ID = "key__regions__region"


def counted_facts(keys: QuerySet[SummaryKey]) -> QuerySet[ProjectFact]:
    return of_keys(ProjectFact, keys).filter(kind=Kind.COUNTED)


def counted_cells(keys: QuerySet[SummaryKey]) -> QuerySet[SummaryCell]:
    return cells(keys).filter(kind=Kind.COUNTED)


def stalled_facts(keys: QuerySet[SummaryKey], before: dt.date) -> QuerySet[ProjectFact]:
    """The counted projects of `keys` in their stage since before `before`, neither operating
    nor cancelled (`stalled_q`)."""
    return counted_facts(keys).filter(since__lt=before).exclude(stage__in=SETTLED_STAGES)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def sums_by_region(
    qs: QuerySet[Any], *, region: str = REGION, **sums: Any
) -> dict[Any, dict[str, Any]]:
    """`sums` over `qs` (cells or facts) for each region of their keys (by `region`: its code,
    or `REGION_ID`), and under None once for the whole of `qs` (each project once).

    One query grouped by key and region (a few rows per key): a region's sums add up its keys',
    the whole adds up each key once. Every sum is additive (`Sum`, `Count`); a missing one is 0.
    """
    out: dict[Any, dict[str, Any]] = {None: dict.fromkeys(sums, 0)}
    seen: set[int] = set()
    # Aliased apart from the fields: `n=Sum("n")` would make a later `Sum("n")` read the alias.
    aliased = {f"sum_{name}": agg for name, agg in sums.items()}
    for key, code, *values in (
        qs.order_by()
        .values("key_id", region)
        .annotate(**aliased)
        .values_list("key_id", region, *aliased)
    ):
        into = [out.setdefault(code, dict.fromkeys(sums, 0))] if code else []
        if key not in seen:
            seen.add(key)
            into.append(out[None])
        for name, value in zip(sums, values, strict=True):
            for target in into:
                target[name] += value or 0
    return out


# The stalled rule (`keruen.projects.selectors.stalled_q`: counted, neither operating nor
# cancelled, in its stage since before a day) over the summary tables: the cells of the months
# before the day's are wholly stalled or not (`stalled_cells`), the day's month is read from the
# facts (`stalled_in_month`). The dashboard and the regions' scorecards add up these two parts.


def stalled_cells(before: dt.date) -> Q:
    """The cells wholly stalled (see `stalled_facts`): counted, of the months before `before`'s."""
    return (
        Q(kind=Kind.COUNTED)
        & ~Q(stage__in=SETTLED_STAGES)
        & Q(month__gt=0, month__lt=month_number(before))
    )


def stalled_in_month(
    keys: QuerySet[SummaryKey], before: dt.date, *, region: str = REGION
) -> dict[Any, int]:
    """The stalled facts of `before`'s month, per region (by `region`) and (under None) in all."""
    facts = stalled_facts(keys, before).filter(since__gte=_month_start(before))
    return {
        code: row["n"] for code, row in sums_by_region(facts, region=region, n=Count("pk")).items()
    }


def by_region(keys: QuerySet[SummaryKey], *, before: dt.date) -> dict[str | None, dict[str, Any]]:
    """Region code (None: all, each project once) → counted projects ("n"), their investment
    ("inv") and how many are stalled ("stalled": `stalled_cells` and `stalled_in_month`), in two
    queries."""
    sums = sums_by_region(
        counted_cells(keys),
        n=Sum("n"),
        inv=Sum("inv"),
        stalled=Sum("n", filter=stalled_cells(before)),
    )
    stalled = stalled_in_month(keys, before)
    return {
        code: {**row, "stalled": row["stalled"] + stalled.get(code, 0)}
        for code, row in sums.items()
    }


def advanced_by_region(
    keys: QuerySet[SummaryKey], meeting: dt.date, *, region: str = REGION
) -> dict[Any, int]:
    """Counted projects of `keys` that moved up the stage ladder since the government meeting of
    the day `meeting` (a `SummaryMeeting`; the rule: `_advanced_pairs`), per region (by
    `region`) and (under None) in all: one statement over that meeting's cells."""
    rows = sums_by_region(
        of_keys(SummaryAdvancedCell, keys).filter(meeting=meeting_number(meeting)),
        region=region,
        n=Sum("n"),
    )
    return {code: row["n"] for code, row in rows.items()}


def region_stage_sums(
    keys: QuerySet[SummaryKey],
) -> dict[str | None, dict[tuple[str, str], dict[str, Any]]]:
    """Region code (None: all, each project once) → (kind, stage) → n and sums: one query
    grouped by key, region, kind and stage, the whole adding up each key's rows once."""
    names = ("n", *SUMS)
    out: dict[str | None, dict[tuple[str, str], dict[str, Any]]] = {None: {}}
    seen: set[tuple[int, str, str]] = set()
    for key, code, kind, stage, *sums in (
        cells(keys)
        .order_by()
        .values_list("key_id", REGION, "kind", "stage")
        .annotate(*(Sum(s) for s in names))
    ):
        into = [out.setdefault(code, {})] if code else []
        if (key, kind, stage) not in seen:
            seen.add((key, kind, stage))
            into.append(out[None])
        for target in into:
            row = target.setdefault((kind, stage), dict.fromkeys(names, 0))
            for name, value in zip(names, sums, strict=True):
                row[name] += value or 0
    return out


def by_sector(keys: QuerySet[SummaryKey]) -> dict[int, tuple[int, Decimal]]:
    """Top-level sector id → counted projects and their investment."""
    return _key_counts(m.SummarySectorCell, keys, "sector_id")


def by_country(keys: QuerySet[SummaryKey]) -> dict[int, tuple[int, Decimal]]:
    """Investor country id → counted projects and their investment."""
    return _key_counts(m.SummaryCountryCell, keys, "country_id")


def _key_counts(model: Any, keys: QuerySet[SummaryKey], field: str) -> dict[Any, Any]:
    rows = (
        model.objects.filter(key__in=keys.values("pk"))
        .order_by()
        .values(field)
        .annotate(sum_n=Sum("n"), sum_inv=Sum("inv"))
    )
    return {r[field]: (r["sum_n"], r["sum_inv"] or Decimal(0)) for r in rows if r["sum_n"]}


def by_stage_month(keys: QuerySet[SummaryKey]) -> list[tuple[str, int, int]]:
    """(stage, month number, counted projects) for the projects whose stage date is known."""
    return list(
        counted_cells(keys)
        .filter(month__gt=0)
        .order_by()
        .values_list("stage", "month")
        .annotate(sum_n=Sum("n"))
    )
