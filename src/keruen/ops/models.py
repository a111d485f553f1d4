"""What operations record in the database: finished backups (for the `last successful backup`
metric) and the scheduler's claimed slots (so that several schedulers enqueue each run once)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.models import FinishedRunMixin


class Backup(FinishedRunMixin):
    """A backup that `keruen backup` finished writing."""

    file = models.CharField(_("file"), max_length=1000)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    engine = models.CharField(_("database engine"), max_length=20)
    rows = models.PositiveBigIntegerField(_("rows"))

    class Meta(FinishedRunMixin.Meta):
        verbose_name = _("backup")
        verbose_name_plural = _("backups")

    def __str__(self) -> str:
        return f"{self.file} ({self.finished_at:%Y-%m-%d %H:%M})"


class ScheduledRun(models.Model):
    """One firing of a scheduled job: the first scheduler to claim (job, slot) enqueues the task,
    the others find the row already there and enqueue nothing."""

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("scheduled for"))
    task_result_id = models.CharField(_("task result"), max_length=64)
    created_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="ops_scheduledrun_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A `keruen worker` saying it is alive. A running task whose worker has stopped beating (or,
    on the same host, whose process is gone) is handed to another worker, once."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
