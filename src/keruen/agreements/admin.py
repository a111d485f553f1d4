from django.contrib import admin

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.core.admin import KeruenAdmin, KeruenInline


class PartyInline(KeruenInline):
    model = AgreementParty
    autocomplete_fields = ["organization"]


@admin.register(Agreement)
class AgreementAdmin(KeruenAdmin):
    list_display = [
        "code",
        "title",
        "kind",
        "status",
        "signed_on",
        "event",
        "value_usd",
        "is_illustrative",
    ]
    list_filter = ["kind", "status", "event", "is_illustrative"]
    search_fields = ["code", "title", "title_ru", "title_kk"]
    readonly_fields = ["value_usd", "value_fx"]
    filter_horizontal = ["projects", "portfolios", "sources"]
    inlines = [PartyInline]


@admin.register(Event)
class EventAdmin(KeruenAdmin):
    list_display = ["slug", "title", "kind", "starts_on", "place", "is_illustrative"]
    list_filter = ["kind"]
    search_fields = ["slug", "title", "title_ru", "title_kk"]
    filter_horizontal = ["participants", "sources"]
