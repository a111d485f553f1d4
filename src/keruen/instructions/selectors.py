"""Reads of instructions, through the reader's access: lists, overdue, scorecards, history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from keruen.agreements.models import Event
from keruen.core.grouping import pk_subquery
from keruen.core.models import localized
from keruen.instructions.models import Instruction, Notification
from keruen.instructions.services import almaty_today

S = Instruction.Status
#: The executors' table (parties' organizations).
EXECUTORS = Instruction._meta.get_field("lead_executor").related_model._meta.db_table


@dataclass(frozen=True)
class InstructionFilters:
    status: str | None = None
    executor: str | None = None  # organization code, lead or co-executor
    region: str | None = None  # ISO 3166-2 code: the lead's region, co-executors' or linked
    meeting: str | None = None  # event slug
    overdue: bool | None = None
    escalated: bool | None = None
    q: str | None = None


def with_overdue(qs: QuerySet[Instruction], today: dt.date | None = None) -> QuerySet[Instruction]:
    """Annotate `is_overdue`: deadline before today (Asia/Almaty) and not closed."""
    today = today or almaty_today()
    return qs.annotate(
        is_overdue=Case(
            When(Q(deadline__lt=today) & ~Q(status=S.CLOSED), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _region_q(code: str) -> Q:
    return (
        Q(lead_executor__region__code=code)
        | Q(co_executors__region__code=code)
        | Q(regions__code=code)
    )


def instruction_list(
    *, user: Any, filters: InstructionFilters | None = None, today: dt.date | None = None
) -> QuerySet[Instruction]:
    f = filters or InstructionFilters()
    today = today or almaty_today()
    qs = Instruction.objects.restrict(user, "view")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.meeting:
        qs = qs.filter(event__slug=f.meeting)
    if f.escalated is not None:
        qs = qs.filter(escalated=f.escalated)
    if f.overdue is True:
        qs = qs.filter(deadline__lt=today).exclude(status=S.CLOSED)
    elif f.overdue is False:
        qs = qs.filter(Q(deadline__gte=today) | Q(status=S.CLOSED))
    many = Q()
    if f.executor:
        many &= Q(lead_executor__code=f.executor) | Q(co_executors__code=f.executor)
    if f.region:
        many &= _region_q(f.region)
    if f.q:
        many &= (
            Q(number__icontains=f.q)
            | Q(text__icontains=f.q)
            | Q(text_ru__icontains=f.q)
            | Q(text_kk__icontains=f.q)
            | Q(expected_result__icontains=f.q)
        )
    if many:
        qs = qs.filter(pk__in=Instruction.objects.filter(many).values("pk"))
    return (
        with_overdue(qs, today)
        .select_related("lead_executor", "event")
        .order_by("deadline", "number")
    )


def instruction_get(*, user: Any, pk: int) -> Instruction:
    """One instruction the user may see; Instruction.DoesNotExist otherwise (no hint it exists)."""
    return (
        with_overdue(Instruction.objects.restrict(user, "view"))
        .select_related("lead_executor", "event", "portfolio", "closed_by")
        .get(pk=pk)
    )


def instruction_overdue(*, user: Any, today: dt.date | None = None) -> QuerySet[Instruction]:
    """Past their deadline (in Asia/Almaty) and not closed, the most overdue first."""
    return instruction_list(user=user, filters=InstructionFilters(overdue=True), today=today)


#: The instructions (the ids of a query) with their lead executor, meeting and co-executors (one
#: row each, in code order), the most overdue first.
OVERDUE_ITEMS_SQL = """
SELECT i.id, i.number, i.text, i.deadline, i.status, lead.code, e.slug, i.escalated,
       i.is_illustrative, co.code
FROM {instruction} i
LEFT JOIN {organization} lead ON lead.id = i.lead_executor_id
LEFT JOIN {event} e ON e.id = i.event_id
LEFT JOIN {co_executors} ce ON ce.instruction_id = i.id
LEFT JOIN {organization} co ON co.id = ce.organization_id
WHERE i.id IN ({ids})
ORDER BY i.deadline, i.number, co.code
"""


def instruction_overdue_items(*, user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The overdue list as plain rows (what `keruen instructions overdue --json` prints), most
    overdue first. One query, whatever the number of instructions: the rows with their
    co-executors, around the ORM's subquery of the overdue instructions the reader may see."""
    today = today or almaty_today()
    ids, params = pk_subquery(instruction_overdue(user=user, today=today))
    sql = OVERDUE_ITEMS_SQL.format(
        ids=ids,
        instruction=Instruction._meta.db_table,
        organization=EXECUTORS,
        event=Event._meta.db_table,
        co_executors=Instruction.co_executors.through._meta.db_table,
    )
    items: dict[int, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for (
            pk,
            number,
            text,
            deadline,
            status,
            lead,
            meeting,
            escalated,
            illustrative,
            co,
        ) in cursor.fetchall():
            if pk not in items:
                items[pk] = {
                    "id": pk,
                    "number": number,
                    "text": text,
                    "deadline": deadline.isoformat(),
                    "days_overdue": (today - deadline).days,
                    "status": status,
                    "lead_executor": lead,
                    "co_executors": [],
                    "meeting": meeting,
                    "escalated": bool(escalated),
                    "is_illustrative": bool(illustrative),
                }
            if co is not None:
                items[pk]["co_executors"].append(co)
    return list(items.values())


def instruction_escalated(*, user: Any) -> QuerySet[Instruction]:
    """The agenda of the next meeting: escalated instructions not yet closed."""
    return instruction_list(user=user, filters=InstructionFilters(escalated=True)).exclude(
        status=S.CLOSED
    )


def meeting_list(*, user: Any) -> QuerySet[Event]:
    return (
        Event.objects.restrict(user, "view")
        .filter(kind=Event.Kind.MEETING)
        .annotate(instruction_count=Count("instructions"))
        .order_by("-starts_on", "slug")
    )


def meeting_get(*, user: Any, slug: str) -> Event:
    return meeting_list(user=user).prefetch_related("participants", "sources").get(slug=slug)


# --- Scorecards --------------------------------------------------------------------------------


@dataclass
class Scorecard:
    """How an executor (or a region) does with its instructions.

    - instructions: all given (as lead executor, or in the region);
    - closed, on_time (done by the deadline), late (done after it), overdue (open, past it),
      pending (open, not yet due);
    - on_time_rate: on_time / (closed + overdue) — of those whose outcome is known — or None;
    - average_delay_days: mean days past the deadline of the late and the overdue ones, or None.
    Done is the executor's final report, else the day it was removed from control.
    """

    code: str
    name: str
    instructions: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    on_time_rate: float | None = None
    average_delay_days: float | None = None
    _delays: tuple[int, ...] = ()

    def add(self, i: Instruction, today: dt.date) -> None:
        self.add_row(i.status, i.deadline, i.done_on, today)

    def add_row(
        self, status: str, deadline: dt.date, done_on: dt.date | None, today: dt.date
    ) -> None:
        self.instructions += 1
        if status == S.CLOSED:
            self.closed += 1
            done = done_on or today
            if done <= deadline:
                self.on_time += 1
            else:
                self.late += 1
                self._delays += ((done - deadline).days,)
        elif deadline < today:
            self.overdue += 1
            self._delays += ((today - deadline).days,)
        else:
            self.pending += 1
        known = self.closed + self.overdue
        self.on_time_rate = round(self.on_time / known, 3) if known else None
        self.average_delay_days = (
            round(sum(self._delays) / len(self._delays), 1) if self._delays else None
        )

    def to_json_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("_delays")
        return d


def _instructions_for_scoring(user: Any) -> QuerySet[Instruction]:
    return (
        Instruction.objects.restrict(user, "view")
        .select_related("lead_executor__region")
        .prefetch_related("regions", "co_executors__region")
    )


#: Days from date `b` to date `a`, per database engine.
DAYS_BETWEEN = {
    "postgresql": "({a} - {b})",
    "sqlite": "CAST(julianday({a}) - julianday({b}) AS INTEGER)",
}

#: Per lead executor of the instructions (the ids of a query): its code and names, and the
#: scorecard's counts and the sum of the delays (days past the deadline of the late and the
#: overdue ones), in one GROUP BY. Parameters: today (done when closed without a date) thrice,
#: then today twice for the overdue ones.
SCORECARD_SQL = """
SELECT o.code, o.name, o.name_ru, o.name_kk, COUNT(*),
       SUM(CASE WHEN t.closed THEN 1 ELSE 0 END),
       SUM(CASE WHEN t.closed AND t.done <= t.deadline THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT t.closed AND t.deadline < t.today THEN 1 ELSE 0 END),
       SUM(CASE WHEN t.closed AND t.done > t.deadline THEN {late_days}
                WHEN NOT t.closed AND t.deadline < t.today THEN {overdue_days}
                ELSE 0 END)
FROM (SELECT i.lead_executor_id, i.deadline, i.status = %s AS closed,
             COALESCE(i.reported_on, i.closed_on, %s) AS done, %s AS today
      FROM {instruction} i WHERE i.id IN ({ids})) t
JOIN {organization} o ON o.id = t.lead_executor_id
GROUP BY o.id, o.code, o.name, o.name_ru, o.name_kk
ORDER BY o.code
"""


def instruction_scorecard_by_executor(
    *, user: Any, today: dt.date | None = None
) -> list[Scorecard]:
    """One scorecard per lead executor, by organization code: counted in SQL (one GROUP BY,
    whatever the number of instructions)."""
    today = today or almaty_today()
    ids, params = pk_subquery(Instruction.objects.restrict(user, "view"))
    days = DAYS_BETWEEN[connection.vendor]
    sql = SCORECARD_SQL.format(
        ids=ids,
        instruction=Instruction._meta.db_table,
        organization=EXECUTORS,
        late_days=days.format(a="t.done", b="t.deadline"),
        overdue_days=days.format(a="t.today", b="t.deadline"),
    )
    day = connection.ops.adapt_datefield_value(today)
    cards = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [S.CLOSED.value, day, day, *params])
        for code, name, name_ru, name_kk, n, closed, on_time, overdue, delay in cursor.fetchall():
            names = SimpleNamespace(name=name, name_ru=name_ru, name_kk=name_kk)
            late = closed - on_time
            known, delays = closed + overdue, late + overdue
            cards.append(
                Scorecard(
                    code=code,
                    name=localized(names, "name"),
                    instructions=n,
                    closed=closed,
                    on_time=on_time,
                    late=late,
                    overdue=overdue,
                    pending=n - closed - overdue,
                    on_time_rate=round(on_time / known, 3) if known else None,
                    average_delay_days=round(delay / delays, 1) if delays else None,
                )
            )
    return cards


def _instruction_regions(i: Instruction) -> set[str]:
    codes = {r.code for r in i.regions.all()}
    if i.lead_executor.region_id:
        codes.add(i.lead_executor.region.code)
    codes.update(o.region.code for o in i.co_executors.all() if o.region_id)
    return codes


def instruction_scorecard_by_region(*, user: Any, today: dt.date | None = None) -> list[Scorecard]:
    """One scorecard per region (ISO 3166-2 code): instructions of its akimat or linked to it."""
    from keruen.reference.models import Region

    today = today or almaty_today()
    names = {r.code: r for r in Region.objects.all()}
    cards: dict[str, Scorecard] = {}
    for i in _instructions_for_scoring(user):
        for code in _instruction_regions(i):
            region = names.get(code)
            name = region.name if region is not None else code
            cards.setdefault(code, Scorecard(code=code, name=name)).add(i, today)
    return sorted(cards.values(), key=lambda c: c.code)


def instruction_overdue_counts_by_region(
    *, user: Any = None, today: dt.date | None = None
) -> dict[str, int]:
    """Region code → how many instructions of that region are overdue (regions with none left
    out). An instruction counts in each of its regions: its akimats' and the linked ones."""
    counts: dict[str, int] = defaultdict(int)
    qs = instruction_overdue(user=user, today=today).prefetch_related(
        "regions", "co_executors__region"
    )
    for i in qs.select_related("lead_executor__region"):
        for code in _instruction_regions(i):
            counts[code] += 1
    return dict(sorted(counts.items()))


# --- History, reports, notifications ----------------------------------------------------------

HISTORY_FIELDS = (
    "status",
    "deadline",
    "lead_executor_id",
    "text",
    "expected_result",
    "escalated",
    "close_reason",
    "reported_on",
    "closed_on",
)


def instruction_history(*, instruction: Instruction) -> list[dict[str, Any]]:
    """Every recorded change, oldest first: when, who, why, and which fields changed to what."""
    rows = list(
        instruction.history.select_related("history_user").order_by("history_date", "history_id")
    )
    out = []
    previous = None
    for row in rows:
        changes = {}
        for name in HISTORY_FIELDS:
            new = getattr(row, name)
            old: Any = getattr(previous, name) if previous is not None else None
            if previous is None or new != old:
                changes[name] = {
                    "from": _plain(old) if previous is not None else None,
                    "to": _plain(new),
                }
        user = row.history_user
        out.append(
            {
                "at": timezone.localtime(row.history_date).isoformat(),
                "type": {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                "user": user.get_username() if user is not None else None,
                "reason": row.history_change_reason or "",
                "status": row.status,
                "changes": changes,
            }
        )
        previous = row
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def notification_list(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user).select_related("instruction")
    return qs.filter(read_at=None) if unread else qs
