from django.contrib import admin

from keruen.core.admin import KeruenAdmin, KeruenInline
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor


class InvestorInline(KeruenInline):
    model = ProjectInvestor
    autocomplete_fields = ["organization"]


class MilestoneInline(KeruenInline):
    model = Milestone


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
        "is_illustrative",
    ]
    list_filter = [
        "stage",
        "confidentiality",
        "counts_in_totals",
        "is_illustrative",
        "portfolios",
        "regions",
    ]
    search_fields = ["code", "title", "title_ru", "title_kk"]
    readonly_fields = [
        "total_investment_usd",
        "total_investment_fx",
        "foreign_investment_usd",
        "foreign_investment_fx",
    ]
    autocomplete_fields = ["responsible_body", "curator", "parent"]
    filter_horizontal = ["regions", "sectors", "portfolios", "sources"]
    inlines = [InvestorInline, MilestoneInline]


@admin.register(Portfolio)
class PortfolioAdmin(KeruenAdmin):
    list_display = ["slug", "name", "is_illustrative"]
    search_fields = ["slug", "name"]
