"""`issue_changed`: sent after each write of a blocking issue, inside its transaction.

Receivers get `issue` (the saved `Issue`), `change` (one of raised, started, resolved, rejected,
confirmed, reopened, escalated, instruction) and `actor` (the user, or None for Keruen itself,
e.g. the scheduler's escalation). Followers (notifications) subscribe here; a receiver that sends
mail should defer it with `transaction.on_commit`.
"""

from __future__ import annotations

from django.dispatch import Signal

issue_changed = Signal()
