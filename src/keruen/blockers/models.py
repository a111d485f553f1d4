"""Blocking issues of projects: raised by an investor's side, answered by a receiving body, risen
along a ladder of levels when not answered in time (after India's PRAGATI / Project Monitoring
Group; docs/issues.md).

An issue moves open → in_progress → resolved → confirmed (by whoever raised it), or is rejected
with a reason. Its `level` rises akimat → ministry → Investment Headquarters → Prime Minister's
meeting when its required-by date passes at the current level (`services.issues_escalate`, run by
the scheduler). Overdue is computed (required-by date passed in Asia/Almaty, still unresolved).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import code_field, record_link, state_field, user_link
from keruen.core.models import (
    KeruenHistory,
    NamedMixin,
    PageMixin,
    Record,
    TimeStampedModel,
    TranslatedDescriptionMixin,
)


class Level(models.TextChoices):
    AKIMAT = "akimat", _("akimat")
    MINISTRY = "ministry", _("ministry")
    INVESTMENT_HQ = "investment_hq", _("Investment Headquarters")
    PM_MEETING = "pm_meeting", _("Prime Minister's meeting")


#: The full ladder, bottom first; a category may use part of it.
LADDER = [Level.AKIMAT, Level.MINISTRY, Level.INVESTMENT_HQ, Level.PM_MEETING]


def default_ladder() -> list[str]:
    return [str(level) for level in LADDER]


class Category(NamedMixin, TimeStampedModel):
    """A kind of blocking issue (a codelist), with its norm: the days the body at each level has
    to answer, and the levels the issue climbs."""

    code = code_field(40)
    norm_days = models.PositiveIntegerField(
        _("norm, days"), help_text=_("Days a body has to answer, at each level of the ladder.")
    )
    ladder = models.JSONField(
        _("ladder"),
        default=default_ladder,
        help_text=_("The levels an issue of this kind climbs, bottom first."),
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("issue category")
        verbose_name_plural = _("issue categories")
        ordering = ["code"]


class Issue(TranslatedDescriptionMixin, PageMixin, Record):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        CONFIRMED = "confirmed", _("confirmed by the raiser")
        REJECTED = "rejected", _("rejected")

    project = record_link("projects.Project", "issues", _("project"), required=True)
    category = record_link(Category, "issues", _("category"), required=True)
    receiving_body = record_link(
        "parties.Organization", "issues_received", _("receiving body"), required=True
    )
    raised_by = user_link(_("raised by"))
    raised_for = record_link(
        "parties.Organization",
        "issues_raised",
        _("on behalf of"),
        help_text=_("The investor the issue is raised for."),
    )
    raised_on = models.DateField(_("raised on"))
    required_by = models.DateField(
        _("required by"), help_text=_("At the current level; an Asia/Almaty date.")
    )
    level = state_field(_("level"), Level, Level.AKIMAT)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    status = state_field(_("status"), Status, Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    instruction = models.OneToOneField(
        "instructions.Instruction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue",
        verbose_name=_("instruction"),
        help_text=_("The instruction of a meeting the issue was turned into."),
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("blocking issue")
        verbose_name_plural = _("blocking issues")
        ordering = ["required_by", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.project.code}: {self.localized_description()[:60]}"

    page_url = "blockers:detail"
    page_key = "pk"

    @property
    def is_unresolved(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)
