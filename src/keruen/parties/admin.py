from django.contrib import admin

from keruen.core.admin import KeruenAdmin, inline
from keruen.core.models import NAME_FIELDS
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier


@admin.register(Organization)
class OrganizationAdmin(KeruenAdmin):
    list_display = ["code", "name", "kind", "country", "region"]
    list_filter = ["kind", "country"]
    search_fields = ["code", *NAME_FIELDS, "aliases__alias"]
    inlines = [
        inline(OrganizationAlias, readonly_fields=["normalized"]),
        inline(OrganizationIdentifier),
    ]
