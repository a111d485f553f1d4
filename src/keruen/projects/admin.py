from typing import Any

from django.contrib import admin

from keruen.core.admin import KeruenAdmin, inline
from keruen.core.models import TITLE_FIELDS
from keruen.projects.cube import refresh_facts
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor


@admin.register(Project)
class ProjectAdmin(KeruenAdmin):
    list_display = [
        "code",
        "title",
        "stage",
        "confidentiality",
        "total_investment_usd",
        "jobs_planned",
        "counts_in_totals",
    ]
    list_filter = [
        "stage",
        "confidentiality",
        "counts_in_totals",
        "portfolios",
        "regions",
    ]
    search_fields = ["code", *TITLE_FIELDS]
    readonly_fields = [
        "total_investment_usd",
        "total_investment_fx",
        "foreign_investment_usd",
        "foreign_investment_fx",
    ]
    autocomplete_fields = ["responsible_body", "curator", "parent"]
    filter_horizontal = ["regions", "sectors", "portfolios", "sources"]
    inlines = [inline(ProjectInvestor, autocomplete_fields=["organization"]), inline(Milestone)]

    # The summary tables follow every write, here as through the services.
    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_facts([form.instance.pk])

    def delete_model(self, request: Any, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        refresh_facts([pk])

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        refresh_facts(pks)


@admin.register(Portfolio)
class PortfolioAdmin(KeruenAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]
