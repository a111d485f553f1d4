"""Instructions (поручения): the charges a meeting gives to executive bodies, tracked to closure.

An instruction moves open → in_progress → reported → closed ("removed from control", always with a
reason); extensions move its deadline and are all kept; progress reports carry text, links and
attachments. Overdue is computed (deadline passed in Asia/Almaty and not closed), never stored.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import (
    choice_field,
    owner_link,
    part_of,
    record_link,
    record_links,
    state_field,
    user_link,
)
from keruen.core.models import (
    InboxMessage,
    KeruenHistory,
    PageMixin,
    Record,
    TimeStampedModel,
    localized,
    translated_fields,
)


class Instruction(PageMixin, Record):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        REPORTED = "reported", _("reported")
        CLOSED = "closed", _("closed (removed from control)")

    number = models.CharField(_("number"), max_length=40, unique=True)
    text, text_ru, text_kk = translated_fields(
        _("text (English)"), _("text (Russian)"), _("text (Kazakh)")
    )
    expected_result = models.TextField(_("expected result"), blank=True)
    event = record_link("agreements.Event", "instructions", _("meeting"))
    lead_executor = record_link(
        "parties.Organization", "instructions_led", _("lead executor"), required=True
    )
    co_executors = record_links(
        "parties.Organization", "instructions_co_executed", _("co-executors")
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("A date in Kazakhstan's time zone (Asia/Almaty).")
    )
    status = state_field(_("status"), Status, Status.OPEN)
    reported_on = models.DateField(
        _("reported on"),
        null=True,
        blank=True,
        help_text=_("When the executor reported it done (Asia/Almaty date)."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = user_link(_("closed by"))
    close_reason = models.TextField(_("reason for removal from control"), blank=True)
    escalated = models.BooleanField(
        _("escalated"),
        default=False,
        help_text=_("On the agenda of the next meeting."),
    )
    escalation_reason = models.TextField(_("reason for escalation"), blank=True)
    projects = record_links("projects.Project", "instructions", _("projects"))
    agreements = record_links("agreements.Agreement", "instructions", _("agreements"))
    regions = record_links("reference.Region", "instructions", _("regions"))
    portfolio = record_link("projects.Portfolio", "instructions", _("portfolio"))

    history = KeruenHistory(m2m_fields=[co_executors, projects, agreements, regions])

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["deadline", "number"]

    def __str__(self) -> str:
        return f"{self.number}: {self.localized_text()[:80]}"

    page_url = "instructions:detail"
    page_key = "pk"

    def localized_text(self, language: str | None = None) -> str:
        return localized(self, "text", language)

    @property
    def done_on(self) -> dt.date | None:
        """When the work was done: the executor's final report, else the day it was closed."""
        return self.reported_on or self.closed_on


def report_upload_to(instance: ReportAttachment, filename: str) -> str:
    return f"instructions/{instance.report.instruction_id}/reports/{instance.report_id}/{filename}"


class InstructionReport(TimeStampedModel):
    """A progress report from an executor; a final one moves the instruction to `reported`."""

    instruction = part_of(Instruction, "reports", _("instruction"))
    organization = record_link("parties.Organization", "+", _("on behalf of"))
    author = user_link(_("author"))
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    links = models.JSONField(_("links"), default=list, blank=True)
    is_final = models.BooleanField(
        _("final"), default=False, help_text=_("The executor reports the instruction done.")
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["instruction", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.instruction.number} · {self.reported_on}"


class ReportAttachment(TimeStampedModel):
    """A file attached to a report, stored under MEDIA_ROOT."""

    report = part_of(InstructionReport, "attachments", _("report"))
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=200)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.name


class InstructionExtension(TimeStampedModel):
    """A deadline moved: from which date to which, why, and who approved it. All are kept."""

    instruction = part_of(Instruction, "extensions", _("instruction"))
    previous_deadline = models.DateField(_("previous deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    approved_by = user_link(_("approved by"))

    history = KeruenHistory()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["instruction", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.instruction.number}: {self.previous_deadline} → {self.new_deadline}"


class Notification(InboxMessage):
    """An in-app message to one user."""

    recipient = owner_link("notifications", _("recipient"))
    instruction = record_link(
        Instruction, "notifications", _("instruction"), on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20)
    message = models.TextField(_("message"))

    def __str__(self) -> str:
        return self.message[:80]


class ReminderSent(models.Model):
    """A reminder that went out. The unique key makes each one go out once, however often the job
    runs; an extension gives the new deadline reminders of its own."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("deadline approaching")
        OVERDUE = "overdue", _("deadline passed")

    instruction = part_of(Instruction, "reminders", _("instruction"))
    kind = choice_field(_("kind"), Kind)
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "kind", "deadline"], name="reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instruction.number} {self.kind} {self.deadline}"
