from django.contrib import admin

from keruen.core.admin import KeruenAdmin
from keruen.parties.models import Organization, OrganizationAlias, OrganizationIdentifier


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0
    readonly_fields = ["normalized"]


class IdentifierInline(admin.TabularInline):
    model = OrganizationIdentifier
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(KeruenAdmin):
    list_display = ["code", "name", "kind", "country", "region", "is_illustrative"]
    list_filter = ["kind", "is_illustrative", "country"]
    search_fields = ["code", "name", "name_ru", "name_kk", "aliases__alias"]
    inlines = [AliasInline, IdentifierInline]
