"""The delivery log and the rules, for administrators."""

from __future__ import annotations

from django.contrib import admin

from keruen.core.admin import LogAdmin
from keruen.notifications.models import Email, Subscription, Webhook, WebhookDelivery


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["event", "url", "owner", "active", "created_at"]
    list_filter = ["active", "event"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(LogAdmin):
    list_display = ["created_at", "event", "webhook", "state", "attempts", "status_code", "error"]
    list_filter = ["state", "event"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "key", "mode", "language"]
    list_filter = ["kind", "mode"]


@admin.register(Email)
class EmailAdmin(LogAdmin):
    list_display = ["created_at", "address", "mode", "sent_at"]
    list_filter = ["mode"]
