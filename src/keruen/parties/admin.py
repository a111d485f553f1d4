from django.contrib import admin

from keruen.core.admin import KeruenAdmin, KeruenInline
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier


class AliasInline(KeruenInline):
    model = OrganizationAlias
    readonly_fields = ["normalized"]


class IdentifierInline(KeruenInline):
    model = OrganizationIdentifier


@admin.register(Organization)
class OrganizationAdmin(KeruenAdmin):
    list_display = ["code", "name", "kind", "country", "region", "is_illustrative"]
    list_filter = ["kind", "is_illustrative", "country"]
    search_fields = ["code", "name", "name_ru", "name_kk", "aliases__alias"]
    inlines = [AliasInline, IdentifierInline]
