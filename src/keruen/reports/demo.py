"""The demo's data freeze: the 25 June 2025 meeting's briefs, frozen after everything else loaded
(so they carry its instructions and the escalated blocking issues)."""

from __future__ import annotations

from keruen.core.demo_context import DemoContext
from keruen.reports.meetings import meeting_freeze


def load(ctx: DemoContext) -> None:
    if ctx.meeting is None:
        return
    snapshots = meeting_freeze(actor=None, event=ctx.meeting)
    ctx.say(
        f"Meeting {ctx.meeting.slug}: {len(snapshots)} briefs frozen; "
        f"`keruen brief --as-of-meeting {ctx.meeting.slug}` renders them as they were."
    )
