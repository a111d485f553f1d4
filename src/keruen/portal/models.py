"""What the public portal keeps in the database: the error reports readers send."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import state_field, user_link


class PublicReport(models.Model):
    """A reader's "this is wrong" about a public page, waiting for a coordinator's decision."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    page = models.CharField(_("page"), max_length=500)
    field = models.CharField(_("field"), max_length=100, blank=True)
    message = models.TextField(_("what is wrong"), max_length=2000)
    correct_value = models.CharField(_("correct value"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    #: A keyed hash of the sender's address: enough to limit the rate, not to identify anyone.
    client = models.CharField(_("client"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    status = state_field(_("status"), Status, Status.NEW, max_length=10)
    outcome = models.TextField(_("outcome"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = user_link(_("decided by"))

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page} ({self.created_at:%Y-%m-%d %H:%M})"
