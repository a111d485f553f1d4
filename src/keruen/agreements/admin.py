from django.contrib import admin

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.core.admin import KeruenAdmin, inline
from keruen.core.models import TITLE_FIELDS


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
    ]
    list_filter = ["kind", "status", "event"]
    search_fields = ["code", *TITLE_FIELDS]
    readonly_fields = ["value_usd", "value_fx"]
    filter_horizontal = ["projects", "portfolios", "sources"]
    inlines = [inline(AgreementParty, autocomplete_fields=["organization"])]


@admin.register(Event)
class EventAdmin(KeruenAdmin):
    list_display = ["slug", "title", "kind", "starts_on", "place"]
    list_filter = ["kind"]
    search_fields = ["slug", *TITLE_FIELDS]
    filter_horizontal = ["participants", "sources"]
