"""The dashboard's figures from summary tables, whose cost does not grow with the projects.

Maintenance: `refresh_facts(project_ids)` — called in the same transaction by every service that
writes a project or something its key depends on (its regions, sectors, portfolios, investors;
an organization's country; a sector's parent) — recomputes those projects' facts and moves only
the cells their old and new facts fall in: a write costs the size of the write. `rebuild()`
(`keruen rebuild-summary`) recomputes everything, for data written around the services (a bulk
load by SQL).

Reads: a reader's scope (`accounts.policy`, the same rule as `Project.objects.restrict(user,
"view")`) is a set of keys; each figure sums the cells of those keys. They equal the direct
queries of `keruen.projects.figures` and `keruen.reports.dashboard` for a portfolio or the whole
registry, which tests/projects/test_cube.py checks over random data and scopes; selections the
keys cannot express (a region, a sector, a search...) keep the direct queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, IsNull
from django.utils import timezone

from keruen.accounts.models import Role
from keruen.accounts.selectors import user_scope
from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects import models as m
from keruen.projects.models import Project, ProjectFact, ProjectInvestor, SummaryCell, SummaryKey
from keruen.projects.selectors import SETTLED_STAGES, STAGE_RANK
from keruen.projects.summary_models import Kind, Recorded
from keruen.reference.models import Sector

CHUNK = 1000
SUMS = ("inv", "foreign", "jobs", "created", "cjobs")


def month_number(day: dt.date | None) -> int:
    """A cell's month: year × 12 + month − 1; 0 for no date."""
    return day.year * 12 + day.month - 1 if day else 0


# --- maintenance ---------------------------------------------------------------------------------


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def _new_facts(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What the projects `ids` add now (those that no longer exist are left out)."""
    rows = Project.objects.filter(pk__in=ids).values_list(
        "pk",
        "confidentiality",
        "curator_id",
        "responsible_body_id",
        "counts_in_totals",
        "parent_id",
        "stage",
        "stage_since",
        "total_investment_usd",
        "foreign_investment_usd",
        "jobs_planned",
        "jobs_created",
        "construction_jobs_planned",
    )
    regions: dict[int, set[int]] = defaultdict(set)
    for pid, rid in Project.regions.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "region_id"
    ):
        regions[pid].add(rid)
    portfolios: dict[int, set[int]] = defaultdict(set)
    for pid, fid in Project.portfolios.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "portfolio_id"
    ):
        portfolios[pid].add(fid)
    sectors: dict[int, set[int]] = defaultdict(set)
    for pid, sid, parent in Project.sectors.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "sector_id", "sector__parent_id"
    ):
        sectors[pid].add(parent or sid)
    countries: dict[int, set[int]] = defaultdict(set)
    latest = _latest_history(ids)
    for pid, cid in ProjectInvestor.objects.filter(
        project_id__in=ids, organization__country__isnull=False
    ).values_list("project_id", "organization__country_id"):
        countries[pid].add(cid)
    out: dict[int, dict[str, Any]] = {}
    for pid, conf, curator, body, counts, parent, stage, since, inv, foreign, j, c, cj in rows:
        restricted = conf == Confidentiality.RESTRICTED
        key = (
            conf,
            curator if restricted else None,
            body if restricted else None,
            tuple(sorted(regions[pid])),
            tuple(sorted(portfolios[pid])),
        )
        out[pid] = {
            "key": key,
            "kind": Kind.COUNTED if counts else (Kind.IN_PARENT if parent else Kind.ELSEWHERE),
            "stage": stage,
            "since": since,
            "recorded": _recorded(stage, latest.get(pid)),
            "inv": inv or Decimal(0),
            "foreign": foreign or Decimal(0),
            "jobs": j or 0,
            "created": c or 0,
            "cjobs": cj or 0,
            "sectors": ",".join(str(s) for s in sorted(sectors[pid])),
            "countries": ",".join(str(s) for s in sorted(countries[pid])),
        }
    return out


def _latest_history(ids: Sequence[int]) -> dict[int, str | None]:
    """Each project's stage in its latest history row (None when that row records a deletion);
    projects without history are missing."""
    out: dict[int, str | None] = {}
    for pid, stage, kind in (
        Project.history.filter(id__in=ids)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "stage", "history_type")
    ):
        if pid not in out:
            out[pid] = None if kind == "-" else stage
    return out


def _recorded(stage: str, then: str | None) -> str:
    if then is None:
        return Recorded.NONE
    now, before = STAGE_RANK.get(stage), STAGE_RANK.get(then)  # type: ignore[call-overload]
    return (
        Recorded.BEHIND
        if now is not None and before is not None and now > before
        else (Recorded.LEVEL)
    )


def _signature(key: tuple[Any, ...]) -> str:
    conf, curator, body, regions, portfolios = key
    return (
        f"{conf}|{curator or ''}|{body or ''}|{','.join(map(str, regions))}|"
        f"{','.join(map(str, portfolios))}"
    )


def _key_ids(keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], int]:
    """The `SummaryKey` id of each key, created when new (safe beside a concurrent writer: a
    key two transactions create at once is inserted once)."""
    by_sig = {_signature(k): k for k in keys}
    found = dict(
        SummaryKey.objects.filter(signature__in=list(by_sig)).values_list("signature", "pk")
    )
    missing = [s for s in by_sig if s not in found]
    if missing:
        SummaryKey.objects.bulk_create(
            [
                SummaryKey(
                    signature=s,
                    confidentiality=by_sig[s][0],
                    curator_id=by_sig[s][1],
                    responsible_body_id=by_sig[s][2],
                    n_regions=len(by_sig[s][3]),
                )
                for s in missing
            ],
            ignore_conflicts=True,
        )
        created = dict(
            SummaryKey.objects.filter(signature__in=missing).values_list("signature", "pk")
        )
        m.SummaryKeyRegion.objects.bulk_create(
            [
                m.SummaryKeyRegion(key_id=created[s], region_id=r)
                for s in missing
                for r in by_sig[s][3]
            ],
            ignore_conflicts=True,
        )
        m.SummaryKeyPortfolio.objects.bulk_create(
            [
                m.SummaryKeyPortfolio(key_id=created[s], portfolio_id=p)
                for s in missing
                for p in by_sig[s][4]
            ],
            ignore_conflicts=True,
        )
        found.update(created)
    return {by_sig[s]: pk for s, pk in found.items()}


#: cell (its key columns) → what to add to its n and sums
Deltas = dict[tuple[Any, ...], tuple[Any, ...]]


def _contributions(
    fact: dict[str, Any], sign: int, cells: Deltas, sectors: Deltas, countries: Deltas
) -> None:
    key = fact["key_id"]
    values = tuple(sign * fact[s] for s in SUMS)
    where = (key, fact["kind"], fact["stage"], month_number(fact["since"]), fact["recorded"])
    _add(cells, where, (sign, *values))
    if fact["kind"] != Kind.COUNTED:
        return
    for sector in _ids(fact["sectors"]):
        _add(sectors, (key, sector), (sign, values[0]))
    for country in _ids(fact["countries"]):
        _add(countries, (key, country), (sign, values[0]))


def _add(counter: Deltas, where: tuple[Any, ...], values: tuple[Any, ...]) -> None:
    old = counter.get(where)
    counter[where] = (
        values if old is None else tuple(a + b for a, b in zip(old, values, strict=True))
    )


def _upsert(model: Any, key_columns: Sequence[str], deltas: Deltas) -> None:
    """Add `deltas` to the cells (created when missing), then drop the cells left empty."""
    rows = [(*where, *values) for where, values in deltas.items() if any(values)]
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    sum_columns = [q(c) for c in ["n", *SUMS][: len(rows[0]) - len(key_columns)]]
    columns = [*(q(c) for c in key_columns), *sum_columns]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sum_columns)
    conflict = ", ".join(q(c) for c in key_columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
                [v for row in batch for v in row],
            )
    keys = sorted({where[0] for where in deltas})
    model.objects.filter(key_id__in=keys, n=0).delete()


FACT_FIELDS = ("key_id", "kind", "stage", "since", "recorded", "sectors", "countries", *SUMS)


def refresh_facts(project_ids: Iterable[int]) -> None:
    """Bring the summary tables up to date for `project_ids` (created, changed or deleted)."""
    ids = sorted({int(i) for i in project_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        _refresh(ids[start : start + CHUNK])


def _refresh(ids: list[int]) -> None:
    with transaction.atomic():
        old = {
            f["project_id"]: f
            for f in ProjectFact.objects.select_for_update()
            .filter(project_id__in=ids)
            .values("project_id", *FACT_FIELDS)
        }
        new = _new_facts(ids)
        key_ids = _key_ids({f["key"] for f in new.values()})
        for f in new.values():
            f["key_id"] = key_ids[f.pop("key")]
        same = {pid for pid, f in new.items() if pid in old and _same(old[pid], f)}
        cells: Deltas = {}
        sectors: Deltas = {}
        countries: Deltas = {}
        for pid, f in old.items():
            if pid not in same:
                _contributions(f, -1, cells, sectors, countries)
        for pid, f in new.items():
            if pid not in same:
                _contributions(f, 1, cells, sectors, countries)
        gone = [pid for pid in old if pid not in new]
        if gone:
            ProjectFact.objects.filter(project_id__in=gone).delete()
        changed = [pid for pid in new if pid not in same]
        ProjectFact.objects.filter(project_id__in=[p for p in changed if p in old]).delete()
        ProjectFact.objects.bulk_create(
            [ProjectFact(project_id=pid, **new[pid]) for pid in changed], batch_size=CHUNK
        )
        _upsert(SummaryCell, ("key_id", "kind", "stage", "month", "recorded"), cells)
        _upsert(m.SummarySectorCell, ("key_id", "sector_id"), sectors)
        _upsert(m.SummaryCountryCell, ("key_id", "country_id"), countries)


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return all(old[f] == new[f] for f in FACT_FIELDS)


def rebuild() -> int:
    """Recompute every summary table from the projects; returns the number of projects."""
    with transaction.atomic():
        for model in (
            SummaryCell,
            m.SummarySectorCell,
            m.SummaryCountryCell,
            ProjectFact,
            m.SummaryKeyRegion,
            m.SummaryKeyPortfolio,
            SummaryKey,
        ):
            model.objects.all().delete()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        refresh_facts(ids)
    return len(ids)


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


def cells(keys: QuerySet[SummaryKey]) -> QuerySet[SummaryCell]:
    return SummaryCell.objects.filter(key__in=keys.values("pk"))


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
    qs = cells(keys).filter(kind=Kind.COUNTED)
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


def connect_signals() -> None:
    """An organization's country and a sector's parent decide where a project counts: their
    writes (by any service, the admin or a fixture) move the projects concerned."""
    from django.db.models.signals import post_delete, post_save, pre_delete

    post_save.connect(_organization_saved, sender=Organization, dispatch_uid="cube-org")
    post_save.connect(_sector_saved, sender=Sector, dispatch_uid="cube-sector")
    pre_delete.connect(_sector_deleting, sender=Sector, dispatch_uid="cube-sector-deleting")
    post_delete.connect(_sector_deleted, sender=Sector, dispatch_uid="cube-sector-deleted")


# --- the dashboard's panels and the regions' scorecards -----------------------------------------

#: Grouped by a cell's key's regions: one row per region of the key (a key of several regions
#: adds to each).
REGION = "key__regions__region__code"
#: Stages one step or more up the ladder from "announced".
UP_THE_LADDER = tuple(s for s, rank in STAGE_RANK.items() if rank >= 1)


def counted_facts(keys: QuerySet[SummaryKey]) -> QuerySet[ProjectFact]:
    return ProjectFact.objects.filter(key__in=keys.values("pk"), kind=Kind.COUNTED)


def counted_cells(keys: QuerySet[SummaryKey]) -> QuerySet[SummaryCell]:
    return cells(keys).filter(kind=Kind.COUNTED)


def stalled_facts(keys: QuerySet[SummaryKey], before: dt.date) -> QuerySet[ProjectFact]:
    """The counted projects of `keys` in their stage since before `before`, neither operating
    nor cancelled (`stalled_q`)."""
    return counted_facts(keys).filter(since__lt=before).exclude(stage__in=SETTLED_STAGES)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _by_region(qs: QuerySet[Any], **sums: Any) -> dict[str | None, dict[str, Any]]:
    """`sums` over `qs` (cells or facts) for each region of their keys, and under None once
    for the whole of `qs` (each project once).

    One query grouped by key and region (a few rows per key): a region's sums add up its keys',
    the whole adds up each key once. Every sum is additive (`Sum`, `Count`); a missing one is 0.
    """
    out: dict[str | None, dict[str, Any]] = {None: dict.fromkeys(sums, 0)}
    seen: set[int] = set()
    # Aliased apart from the fields: `n=Sum("n")` would make a later `Sum("n")` read the alias.
    aliased = {f"sum_{name}": agg for name, agg in sums.items()}
    for key, code, *values in (
        qs.order_by()
        .values("key_id", REGION)
        .annotate(**aliased)
        .values_list("key_id", REGION, *aliased)
    ):
        into = [out.setdefault(code, dict.fromkeys(sums, 0))] if code else []
        if key not in seen:
            seen.add(key)
            into.append(out[None])
        for name, value in zip(sums, values, strict=True):
            for target in into:
                target[name] += value or 0
    return out


def _add_rows(
    into: dict[str | None, dict[str, Any]], rows: dict[str | None, dict[str, Any]], name: str
) -> None:
    for code, row in rows.items():
        into.setdefault(code, {})
        into[code][name] = (into[code].get(name) or 0) + (row[name] or 0)


def _stalled_cells(before: dt.date) -> Q:
    """The cells wholly stalled (see `stalled_facts`): of the months before `before`'s."""
    return ~Q(stage__in=SETTLED_STAGES) & Q(month__gt=0, month__lt=month_number(before))


def _stalled_in_month(keys: QuerySet[SummaryKey], before: dt.date) -> dict[str | None, Any]:
    """The stalled facts of `before`'s month, per region and in all."""
    facts = stalled_facts(keys, before).filter(since__gte=_month_start(before))
    return _by_region(facts, n=Count("pk"))


def stalled_by_region(keys: QuerySet[SummaryKey], before: dt.date) -> dict[str | None, int]:
    """Stalled counted projects (see `stalled_facts`) per region and (under None) in all:
    whole cells of the months before `before`'s, and the facts of its month."""
    whole = _by_region(counted_cells(keys).filter(_stalled_cells(before)), n=Sum("n"))
    _add_rows(whole, _stalled_in_month(keys, before), "n")
    return {code: row["n"] for code, row in whole.items()}


def by_region(keys: QuerySet[SummaryKey], *, before: dt.date) -> dict[str | None, dict[str, Any]]:
    """Region code (None: all, each project once) → counted projects ("n"), their investment
    ("inv") and how many are stalled ("stalled": as `stalled_by_region`), in two queries."""
    sums = _by_region(
        counted_cells(keys),
        n=Sum("n"),
        inv=Sum("inv"),
        stalled=Sum("n", filter=_stalled_cells(before)),
    )
    stalled = _stalled_in_month(keys, before)
    return {
        code: {**row, "stalled": row["stalled"] + stalled.get(code, {}).get("n", 0)}
        for code, row in sums.items()
    }


def _rank(stage: Any) -> Case:
    """The rank of `stage` (a field or an expression) on the stage ladder; NULL off it."""
    return Case(
        *[When(Exact(stage, Value(s.value)), then=Value(r)) for s, r in STAGE_RANK.items()],
        output_field=IntegerField(),
    )


def meeting_end(meeting: dt.date) -> dt.datetime:
    """The end of a meeting's day: history rows before it tell a project's stage at it."""
    end = dt.datetime.combine(meeting + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) if timezone.is_naive(end) else end


def advanced_since(
    meeting: dt.date, *, pk: str = "pk", stage: str = "stage", since: str = "stage_since"
) -> Case:
    """1 when a project moved up the stage ladder since the meeting, else 0 (in SQL; `pk`,
    `stage`, `since`: the project's id, stage and stage date in the outer query).

    With a history row by the end of the meeting's day, its latest such row (none when it
    records a deletion) is its stage then, compared with its stage now; without one (recorded
    after the meeting, or around the services), it advanced when it entered its current stage
    after the meeting and that stage is beyond "announced".
    """
    then = Subquery(
        Project.history.filter(id=OuterRef(pk), history_date__lt=meeting_end(meeting))
        .order_by("-history_date", "-history_id")
        .annotate(
            stage_then=Case(
                When(history_type="-", then=Value(None)),
                default=F("stage"),
                output_field=CharField(),
            )
        )
        .values("stage_then")[:1]
    )
    now = _rank(F(stage))
    return Case(
        When(
            IsNull(then, False),
            then=Case(When(GreaterThan(now, _rank(then)), then=Value(1)), default=Value(0)),
        ),
        When(Q(**{f"{since}__gt": meeting}) & GreaterThanOrEqual(now, Value(1)), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _advanced_unless_written_since(meeting: dt.date) -> Q:
    """Advanced since the meeting for a fact whose latest history row predates the meeting's end
    (its stage then is the one of that row, `Recorded`)."""
    return Q(recorded=Recorded.BEHIND) | Q(
        recorded=Recorded.NONE, since__gt=meeting, stage__in=UP_THE_LADDER
    )


def advanced_by_region(keys: QuerySet[SummaryKey], meeting: dt.date) -> dict[str | None, int]:
    """Counted projects that moved up the stage ladder since `meeting` (`advanced_since`) per
    region and (under None) in all.

    The projects with no history row since the end of the meeting's day are read from the cells
    (their `Recorded` and stage date: whole months after the meeting's, the facts of its month);
    those written since (a few: the changes since the last meeting) are judged by their history,
    in place of what the cells say of them.
    """
    month = month_number(meeting)
    after = _month_start(meeting.replace(day=28) + dt.timedelta(days=4))
    out = _by_region(
        counted_cells(keys).filter(
            Q(recorded=Recorded.BEHIND)
            | Q(recorded=Recorded.NONE, month__gt=month, stage__in=UP_THE_LADDER)
        ),
        n=Sum("n"),
    )
    _add_rows(
        out,
        _by_region(
            counted_facts(keys).filter(
                recorded=Recorded.NONE, since__gt=meeting, since__lt=after, stage__in=UP_THE_LADDER
            ),
            n=Count("pk"),
        ),
        "n",
    )
    written = Project.history.filter(history_date__gte=meeting_end(meeting)).values("id")
    _add_rows(
        out,
        _by_region(
            counted_facts(keys)
            .filter(project_id__in=written)
            .annotate(
                moved=advanced_since(meeting, pk="project_id", since="since"),
                cells_say=Case(
                    When(_advanced_unless_written_since(meeting), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            ),
            n=Sum(F("moved") - F("cells_say")),
        ),
        "n",
    )
    return {code: row["n"] or 0 for code, row in out.items()}


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
