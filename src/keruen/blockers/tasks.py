"""Background work of blocking issues: the daily escalation, enqueued by `keruen scheduler`
(`KERUEN_SCHEDULE["issue-escalation"]`) and run by `keruen worker`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from keruen.blockers.services import issues_escalate


@task()
def escalate_issues(today: str | None = None) -> dict[str, Any]:
    """Raise every overdue issue one level; `today` an ISO date (JSON-safe, as the queue stores)."""
    return issues_escalate(today=dt.date.fromisoformat(today) if today else None).to_json_dict()
