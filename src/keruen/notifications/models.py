"""Following, the inbox, e-mails and webhooks.

A `Subscription` says that a user follows one object (a kind and a key, see `kinds`), and how
they want to hear of it. Each change to it that the user may see becomes a `Notification` in
their inbox; the notifications are e-mailed in `Email`s (one per change when immediate, one per
digest otherwise). A `Webhook` posts the same changes, signed, to another system; each attempt
is logged in its `WebhookDelivery`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, owner_link, part_of, record_link
from keruen.core.models import CreatedAtMixin, InboxMessage


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DAILY = "daily", _("daily digest")
    WEEKLY = "weekly", _("weekly digest")
    INBOX = "inbox", _("inbox only")


class PendingChange(CreatedAtMixin):
    """A history row still to be told to its followers and webhooks: written in the same
    transaction as the change itself, deleted in the same transaction as the notifications made
    of it — so a change is notified once, even when a worker dies in between."""

    kind = models.CharField(_("kind"), max_length=30)
    history_id = models.BigIntegerField(_("history row"))

    class Meta:
        verbose_name = _("change to notify")
        verbose_name_plural = _("changes to notify")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.history_id}"


class Subscription(CreatedAtMixin):
    user = owner_link("subscriptions", _("user"))
    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("key"), max_length=100)
    mode = choice_field(_("e-mail"), Mode, Mode.DAILY, max_length=10)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="notifications_follow_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.kind} {self.key}"


class Email(CreatedAtMixin):
    """One e-mail to one user: a single change (immediate) or a digest. Written, with its
    notifications attached, before it is sent; `sent_at` is set in the same transaction that
    holds the row while the message goes out, so a worker that dies leaves it to be sent once
    by the next."""

    user = owner_link("+", _("user"))
    mode = choice_field(_("mode"), Mode, max_length=10)
    address = models.EmailField(_("address"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.address} ({self.mode})"


class Notification(InboxMessage):
    """One change told to one user, in the words of their language."""

    user = owner_link("inbox", _("user"))
    event = models.CharField(_("event"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("key"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    mode = choice_field(_("e-mail"), Mode, max_length=10)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    email = record_link(Email, "notifications", _("e-mail"), on_delete=models.SET_NULL)

    class Meta(InboxMessage.Meta):
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["mode", "email"])]

    def __str__(self) -> str:
        return self.title


class Webhook(CreatedAtMixin):
    """A rule: on EVENT (and, optionally, when the changed object matches the condition), post
    the change to URL, signed with the shared secret."""

    url = models.URLField(_("URL"), max_length=1000)
    secret = models.CharField(_("secret"), max_length=200)
    event = models.CharField(_("event"), max_length=60, help_text=_("e.g. project.updated"))
    condition = models.JSONField(_("condition"), default=dict, blank=True)
    owner = record_link(
        settings.AUTH_USER_MODEL,
        "+",
        _("owner"),
        on_delete=models.CASCADE,
        help_text=_("the rule sees what its owner may see; empty: everything"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.url}"


class WebhookDelivery(CreatedAtMixin):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = part_of(Webhook, "deliveries", _("webhook"))
    event = models.CharField(_("event"), max_length=60)
    body = models.TextField(_("body"))
    state = choice_field(_("state"), State, State.PENDING, max_length=10)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url} ({self.state})"
