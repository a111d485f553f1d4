"""Admin of blocking issues: categories (norms and ladders) are edited here; an issue's status and
level move only through the services, so the admin shows them read-only."""

from __future__ import annotations

from django.contrib import admin

from keruen.blockers.models import Category, Issue
from keruen.core.admin import KeruenAdmin
from keruen.core.models import NAME_FIELDS, translations


@admin.register(Category)
class CategoryAdmin(KeruenAdmin):
    list_display = ("code", "name", "norm_days", "ladder")
    search_fields = ("code", *NAME_FIELDS)


@admin.register(Issue)
class IssueAdmin(KeruenAdmin):
    list_display = ("pk", "project", "category", "receiving_body", "level", "status", "required_by")
    list_filter = ("status", "level", "category")
    search_fields = ("project__code", *translations("description"))
    readonly_fields = (
        "status",
        "level",
        "required_by",
        "escalated_on",
        "resolved_on",
        "confirmed_on",
        "instruction",
        "raised_by",
    )
    raw_id_fields = ("project", "receiving_body", "raised_for")
