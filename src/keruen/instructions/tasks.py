"""Background work of the instructions app, on the Django tasks framework (database queue).

`keruen worker` runs the queue; `keruen instructions remind --enqueue` (e.g. from cron, daily)
puts this task on it, `keruen instructions remind` runs the same work at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from keruen.instructions.services import instruction_remind


@task()
def send_instruction_reminders(
    today: str | None = None, days_before: int | None = None
) -> dict[str, Any]:
    """Send the due reminders; arguments are JSON-safe (an ISO date) as the queue stores them."""
    result = instruction_remind(
        today=dt.date.fromisoformat(today) if today else None, days_before=days_before
    )
    return result.to_json_dict()
