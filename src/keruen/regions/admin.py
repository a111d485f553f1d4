"""Admin of initiatives. The status and what it records (event, investor, project) move only
through the services' status flow, and the estimated investment is converted to USD by them, so
the admin shows those read-only: change them on the initiative's page or through the API."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from keruen.core.admin import KeruenAdmin
from keruen.core.models import TITLE_FIELDS
from keruen.regions.models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(KeruenAdmin):
    list_display = [
        "code",
        "title",
        "region",
        "status",
        "status_since",
        "investment_usd",
        "jobs_planned",
    ]
    list_filter = ["status", "region", "land", "utilities", "permits"]
    search_fields = ["code", *TITLE_FIELDS]
    filter_horizontal = ["sectors", "partner_countries", "sources"]
    readonly_fields = [
        "code",
        "region",
        "status",
        "status_since",
        "event",
        "investor",
        "project",
        "investment_amount",
        "investment_currency",
        "investment_date",
        "investment_usd",
        "investment_fx",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the services (web, API), which check the region
