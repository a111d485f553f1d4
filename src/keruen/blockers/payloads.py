"""A blocking issue as the API and `keruen issues --json` show it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from keruen.blockers.models import Issue
from keruen.instructions.services import almaty_today


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def issue_payload(
    issue: Issue, user: Any = None, *, today: dt.date | None = None
) -> dict[str, Any]:
    today = today or almaty_today()
    return {
        "id": issue.pk,
        "project": issue.project.code,
        "project_title": issue.project.title,
        "category": issue.category.code,
        "description": issue.description,
        "description_ru": issue.description_ru,
        "description_kk": issue.description_kk,
        "receiving_body": issue.receiving_body.code,
        "raised_for": issue.raised_for.code if issue.raised_for else None,
        "raised_by": issue.raised_by.get_username() if issue.raised_by else None,
        "raised_on": _iso(issue.raised_on),
        "required_by": _iso(issue.required_by),
        "level": issue.level,
        "escalated_on": _iso(issue.escalated_on),
        "status": issue.status,
        "overdue": issue.is_unresolved and issue.required_by < today,
        "days_overdue": max((today - issue.required_by).days, 0) if issue.is_unresolved else 0,
        "resolution": issue.resolution,
        "resolved_on": _iso(issue.resolved_on),
        "confirmed_on": _iso(issue.confirmed_on),
        "rejection_reason": issue.rejection_reason,
        "instruction": issue.instruction.number if issue.instruction else None,
        "is_illustrative": issue.is_illustrative,
    }
