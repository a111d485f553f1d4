from django.contrib import admin

from keruen.core.models import NAME_FIELDS
from keruen.reference.models import Country, Currency, FxRate, Region, Sector


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", *NAME_FIELDS]
    search_fields = ["code", *NAME_FIELDS]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", *NAME_FIELDS, "kind", "capital"]
    search_fields = ["code", *NAME_FIELDS]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "oked"]
    list_filter = ["kind"]
    search_fields = ["code", *NAME_FIELDS]


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "symbol", "minor_units"]


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "units_per_usd", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
