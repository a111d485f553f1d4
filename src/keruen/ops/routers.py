"""Reads that tolerate a second of lag go to the read replica; everything else to the primary.

With `DATABASE_REPLICA_URL` set, settings add the `replica` alias and this router. A read goes to
the replica only inside `replica_reads()` — which `ReplicaReadsMiddleware` opens around GET and
HEAD requests (lists, dashboards, public pages, exports) — and only until the first write of that
unit of work, and never inside a transaction on the primary. Writes always go to the primary, and
a browser that has just written carries a short-lived cookie that keeps its next reads on the
primary too (read-after-write). Commands, the worker and the scheduler read the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_allowed: ContextVar[bool] = ContextVar("keruen_replica_allowed", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads may come from the replica (until the first write)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def _in_transaction() -> bool:
    """Inside a transaction the code opened on the primary, whose reads must see its writes.
    A test case's own wrapping transaction does not count (Django marks it, as its checks of
    durable blocks do)."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if _replica_allowed.get() and not _in_transaction():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Read-after-write: what this unit of work reads from now on must see this write.
        _replica_allowed.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one logical database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by itself
