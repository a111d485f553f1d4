"""The delivery log and the rules, for administrators."""

from __future__ import annotations

from django.contrib import admin

from keruen.notifications.models import Email, Subscription, Webhook, WebhookDelivery


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["event", "url", "owner", "active", "created_at"]
    list_filter = ["active", "event"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "webhook", "state", "attempts", "status_code", "error"]
    list_filter = ["state", "event"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "key", "mode", "language"]
    list_filter = ["kind", "mode"]


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "address", "mode", "sent_at"]
    list_filter = ["mode"]
    readonly_fields = [f.name for f in Email._meta.fields]
