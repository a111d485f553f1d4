"""From history to notifications: every history row of a kind that someone follows (or a webhook
listens to) is written down as a `PendingChange` in the same transaction as the change, and the
transaction enqueues one `notify_changes` task, however many rows it wrote.

Nothing else happens in the request: no e-mail, no HTTP, and no query at all when nothing could
be followed or hooked. A transaction rolled back takes its pending changes and its task with it;
one committed cannot lose them, whatever happens to the process afterwards.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connections, transaction

from keruen.notifications.kinds import kind_of_label

_local = threading.local()


class _Batch:
    """The current transaction's: which kinds are watched (asked once), and the marker whose
    presence among the transaction's commit callbacks says the transaction is still the same."""

    def __init__(self, using: str) -> None:
        from keruen.notifications.selectors import watched_kinds

        self.using = using
        self.watched = watched_kinds()
        self.enqueued = False

    def watches(self, kind: str) -> bool:
        return kind in self.watched or "*" in self.watched

    def __call__(self) -> None:
        """Commit callback: the marker only."""


def _batch(using: str) -> _Batch:
    batch: _Batch | None = getattr(_local, "batch", None)
    pending = connections[using].run_on_commit
    if batch is None or batch.using != using or not any(entry[1] is batch for entry in pending):
        batch = _Batch(using)
        _local.batch = batch
        if connections[using].in_atomic_block:
            transaction.on_commit(batch, using=using)
    return batch


def forget(**kwargs: Any) -> None:
    """Something new is followed or hooked: the current transaction asks again what is watched."""
    _local.batch = None


def history_ids_recorded(model: Any, ids: list[int], using: str = "default") -> None:
    """For history rows written in bulk, known by their keys (no signal is sent for them): the
    same as `history_recorded`, for all of them at once."""
    kind = kind_of_label(model._meta.label_lower)
    if kind is None or not ids or not _batch(using).watches(kind.name):
        return
    from keruen.notifications.models import PendingChange
    from keruen.notifications.tasks import notify_changes

    PendingChange.objects.using(using).bulk_create(
        [PendingChange(kind=kind.name, history_id=pk) for pk in ids], batch_size=2000
    )
    batch = _batch(using)
    if not batch.enqueued:
        notify_changes.enqueue()
        batch.enqueued = True


def history_recorded(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    kind = kind_of_label(instance._meta.label_lower)
    if kind is None:
        return
    using = kwargs.get("using") or "default"
    batch = _batch(using)
    if not batch.watches(kind.name):
        return
    from keruen.notifications.models import PendingChange
    from keruen.notifications.tasks import notify_changes

    PendingChange.objects.using(using).create(kind=kind.name, history_id=history_instance.pk)
    if not batch.enqueued:
        notify_changes.enqueue()
        batch.enqueued = True
