"""Reads of blocking issues, through the reader's access: lists, overdue, the escalated ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from keruen.blockers.models import Category, Issue, Level
from keruen.core.filters import Filters, Sort, Sorts, filter_field
from keruen.instructions.services import almaty_today

S = Issue.Status
UNRESOLVED = (S.OPEN, S.IN_PROGRESS)


@dataclass(frozen=True)
class IssueFilters(Filters):
    status: Issue.Status | None = filter_field("status", description="open, in_progress, ...")
    level: Level | None = filter_field("level", description="akimat, ministry, ...")
    category: str | None = filter_field("category__code", max_length=40)
    receiving_body: str | None = filter_field(
        "receiving_body__code", max_length=80, description="organization code"
    )
    project: str | None = filter_field("project__code", max_length=40)
    region: str | None = filter_field(
        "project__regions__code", upper=True, many=True, max_length=10, description="KZ-19"
    )
    unresolved: bool | None = filter_field(description="open or in progress")
    overdue: bool | None = filter_field(description="past the required-by date, unresolved")


ISSUE_SORTS = Sorts(
    (
        Sort("required_by", page="required_by", api="required_by"),
        Sort("raised_on", page="raised_on", api="raised_on"),
        Sort("level", page="level", api="level"),
    ),
    then=("pk",),
)


def with_overdue(qs: QuerySet[Issue], today: dt.date) -> QuerySet[Issue]:
    return qs.annotate(
        is_overdue=Case(
            When(Q(required_by__lt=today) & Q(status__in=UNRESOLVED), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def issue_list(
    *, user: Any, filters: IssueFilters | None = None, today: dt.date | None = None
) -> QuerySet[Issue]:
    f = filters or IssueFilters()
    today = today or almaty_today()
    qs = Issue.objects.restrict(user, "view")
    if f.joins_many():
        qs = qs.filter(pk__in=f.apply(Issue.objects.all()).values("pk"))
    else:
        qs = f.apply(qs)
    if f.unresolved is not None:
        qs = qs.filter(status__in=UNRESOLVED) if f.unresolved else qs.exclude(status__in=UNRESOLVED)
    if f.overdue is True:
        qs = qs.filter(status__in=UNRESOLVED, required_by__lt=today)
    elif f.overdue is False:
        qs = qs.exclude(status__in=UNRESOLVED, required_by__lt=today)
    return (
        with_overdue(qs, today)
        .select_related("project", "category", "receiving_body", "instruction", "raised_by")
        .order_by("required_by", "pk")
    )


def issue_get(*, user: Any, pk: int) -> Issue:
    """One issue the user may see; Issue.DoesNotExist otherwise (no hint it exists)."""
    return issue_list(user=user).get(pk=pk)


def issue_escalated(*, user: Any, levels: tuple[str, ...] = (Level.PM_MEETING,)) -> QuerySet[Issue]:
    """Unresolved issues risen to `levels`, oldest first (the brief's "Issues for the Prime
    Minister")."""
    return (
        issue_list(user=user, filters=IssueFilters(unresolved=True))
        .filter(level__in=levels)
        .order_by("raised_on", "pk")
    )


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("code")


def issue_history(*, issue: Issue) -> QuerySet[Any]:
    return (
        Issue.history.filter(id=issue.pk).select_related("history_user").order_by("-history_date")
    )
