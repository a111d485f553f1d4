"""Background work of notifications, on the task queue (`keruen worker` runs it).

`notify_changes` is enqueued by the transaction of each change someone follows; `send_digests`
by the scheduler (KERUEN_SCHEDULE: daily and weekly); `deliver_webhook` by `notify_changes`, and
by itself again, later, while an endpoint fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django_tasks import task

from keruen.notifications import services
from keruen.notifications.models import Mode


@task()
def notify_changes() -> dict[str, Any]:
    """Notify every pending change, then send the immediate e-mails."""
    deliveries = services.pending_changes_notify(deliver=deliver_webhook.enqueue)
    services.emails_compose(mode=Mode.IMMEDIATE)
    return {"webhook_deliveries": len(deliveries), "emails_sent": services.emails_send()}


def _now(now: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(now) if now else None


@task()
def send_daily_digests(now: str | None = None) -> dict[str, int]:
    """Each user's daily digest: one e-mail of what was notified before `now` (ISO datetime)."""
    return services.digests_send(mode=Mode.DAILY, now=_now(now))


@task()
def send_weekly_digests(now: str | None = None) -> dict[str, int]:
    return services.digests_send(mode=Mode.WEEKLY, now=_now(now))


@task()
def deliver_webhook(delivery_id: int) -> dict[str, Any]:
    wait = services.webhook_deliver(delivery_id, retry=_retry)
    return {"delivery": delivery_id, "retry_in_seconds": wait.total_seconds() if wait else None}


def _retry(delivery_id: int, when: dt.datetime) -> None:
    deliver_webhook.using(run_after=when).enqueue(delivery_id)


def event_notify(
    *, kind: str, obj: Any, event: str, message: Callable[[], tuple[str, str]]
) -> None:
    """For other apps' work on the queue: tell followers and rules of `event` on `obj` (see
    `services.event_notify`) in the caller's transaction; their e-mails go out in a task."""
    notes = services.event_notify(
        kind=kind, obj=obj, event=event, message=message, deliver=deliver_webhook.enqueue
    )
    if any(n.mode == Mode.IMMEDIATE for n in notes):
        notify_changes.enqueue()
