"""Meeting snapshots (a data freeze): the briefs of a meeting, frozen as they were.

After Development Gateway's AMP "data freeze": closing a meeting (`keruen meetings freeze`) stores
the brief of each portfolio, and of all projects, in each language — headline counts and sums,
stages, regions, targets, instructions, escalated issues, sources — so that the brief as of the
meeting can be rendered again exactly (`keruen brief --as-of-meeting`), whatever changed since.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import part_of, user_link


class MeetingSnapshot(models.Model):
    event = part_of("agreements.Event", "snapshots", _("meeting"))
    portfolio = models.SlugField(
        _("portfolio"), max_length=80, blank=True, help_text=_("Blank: all projects.")
    )
    language = models.CharField(_("language"), max_length=2)
    data = models.JSONField(_("frozen brief"))
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = user_link(_("frozen by"))

    class Meta:
        verbose_name = _("meeting snapshot")
        verbose_name_plural = _("meeting snapshots")
        ordering = ["event", "portfolio", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "portfolio", "language"], name="one_snapshot_per_brief"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} · {self.portfolio or '*'} · {self.language}"
