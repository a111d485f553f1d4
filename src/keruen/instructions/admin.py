"""Admin of instructions. Status, deadline and closure move only through the services (the
status machine and extensions keep their reasons), so the admin shows them read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keruen.core.admin import KeruenAdmin, KeruenInline, LogAdmin
from keruen.core.models import translations
from keruen.instructions.models import (
    Instruction,
    InstructionExtension,
    InstructionReport,
    Notification,
    ReminderSent,
)


class ReadOnlyInline(KeruenInline):
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ExtensionInline(ReadOnlyInline):
    model = InstructionExtension
    fields = ("previous_deadline", "new_deadline", "reason", "approved_by", "created_at")
    readonly_fields = ("previous_deadline", "new_deadline", "reason", "approved_by", "created_at")


class ReportInline(ReadOnlyInline):
    model = InstructionReport
    fields = ("reported_on", "organization", "author", "text", "is_final")
    readonly_fields = ("reported_on", "organization", "author", "text", "is_final")


@admin.register(Instruction)
class InstructionAdmin(KeruenAdmin):
    list_display = [
        "number",
        "lead_executor",
        "deadline",
        "status",
        "escalated",
        "event",
    ]
    list_filter = ["status", "escalated", "event"]
    search_fields = ["number", *translations("text")]
    autocomplete_fields = ["lead_executor"]
    filter_horizontal = ["co_executors", "projects", "agreements", "regions"]
    readonly_fields = [
        "status",
        "deadline",
        "reported_on",
        "closed_on",
        "closed_by",
        "close_reason",
        "escalated",
        "escalation_reason",
    ]
    inlines = [ReportInline, ExtensionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A new instruction needs its first deadline; after that only extensions move it.
        fields = list(super().get_readonly_fields(request, obj))
        return [f for f in fields if f != "deadline"] if obj is None else fields


@admin.register(Notification)
class NotificationAdmin(LogAdmin):
    list_display = ["created_at", "recipient", "kind", "instruction", "read_at"]
    list_filter = ["kind"]


@admin.register(ReminderSent)
class ReminderSentAdmin(LogAdmin):
    list_display = ["sent_at", "instruction", "kind", "deadline", "recipients"]
    list_filter = ["kind"]
