"""The audit feed: /api/v1/history/ — every recorded change, filterable by user, model and date.

For coordinators and administrators (the public gets 401, other roles 403): the feed shows
changes to records of every scope. It lives with the API toolkit, not in `core`, because it asks
`accounts` who the caller is (`core` imports no app); `keruen.api.api` mounts its router.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.accounts.selectors import user_scope
from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.history import HistoryEntryOut, history_entries
from keruen.api.pagination import page_response, page_schema
from keruen.api.writes import require_signed_in

router = Router(tags=["history"])

MAX_WINDOW = 5000


class FeedQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_WINDOW)
    user: str | None = Field(None, max_length=150, description="username of who made changes")
    model: str | None = Field(None, max_length=100, description="e.g. projects.project, or project")
    date_from: dt.date | None = Field(None, description="changes on or after this day (UTC)")
    date_to: dt.date | None = Field(None, description="changes on or before this day (UTC)")


def tracked_models() -> dict[str, Any]:
    """Every model whose changes are recorded, by label ("projects.project")."""
    return {
        m._meta.label_lower: m
        for m in apps.get_models()
        if getattr(m, "_keruen_history", None) is not None
    }


def _models(name: str | None) -> list[Any]:
    models = tracked_models()
    if not name:
        return list(models.values())
    name = name.strip().lower()
    chosen = [m for label, m in models.items() if name in (label, label.split(".")[1])]
    if not chosen:
        raise ValidationError(
            {
                "model": _("Unknown model %(value)r: expected one of %(labels)s.")
                % {"value": name, "labels": ", ".join(sorted(models))}
            }
        )
    return chosen


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


@router.get(
    "/history/",
    response={200: page_schema(HistoryEntryOut), **PROBLEM_RESPONSES},
    summary="Every recorded change, newest first (coordinators, administrators)",
    operation_id="keruen_core_api_history_feed",  # its id from when it lived in core/api.py
)
def history_feed(request: HttpRequest, query: Query[FeedQuery]) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    if not user_scope(user).is_coordinator:
        raise PermissionDenied(_("The audit feed is for coordinators and administrators."))
    window = query.offset + query.limit
    rows: list[Any] = []
    count = 0
    for model in _models(query.model):
        qs = model.history.all()
        if query.user:
            qs = qs.filter(history_user__username=query.user)
        if query.date_from:
            qs = qs.filter(history_date__gte=_day_start(query.date_from))
        if query.date_to:
            qs = qs.filter(history_date__lt=_day_start(query.date_to + dt.timedelta(days=1)))
        count += qs.count()
        rows.extend(
            qs.select_related("history_user").order_by("-history_date", "-history_id")[:window]
        )
    rows.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    page = rows[query.offset : window]
    return page_response(count, history_entries(page, user=user, in_scope=True))
