from typing import Any

from django.contrib import admin

from keruen.core.admin import KeruenAdmin
from keruen.targets.models import Observation, StageProbability, Target, TrajectoryPoint
from keruen.targets.services import convert_observation


class TrajectoryInline(admin.TabularInline):
    model = TrajectoryPoint
    extra = 0


@admin.register(Target)
class TargetAdmin(KeruenAdmin):
    list_display = [
        "code",
        "name",
        "measure",
        "target_value",
        "currency",
        "period_start_year",
        "period_end_year",
        "is_illustrative",
    ]
    list_filter = ["measure", "is_illustrative"]
    search_fields = ["code", "name", "name_ru", "name_kk"]
    filter_horizontal = ["sources"]
    inlines = [TrajectoryInline]


@admin.register(Observation)
class ObservationAdmin(KeruenAdmin):
    """Observations are converted to the target's currency whenever they are saved."""

    list_display = [
        "target",
        "year",
        "quarter",
        "value_amount",
        "value_currency",
        "value_in_target",
        "country",
        "is_illustrative",
    ]
    list_filter = ["target", "year", "is_illustrative"]
    readonly_fields = ["value_in_target", "value_usd", "value_fx", "conversion"]


@admin.register(StageProbability)
class StageProbabilityAdmin(KeruenAdmin):
    list_display = ["stage", "probability", "note"]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        convert_observation(obj)
        super().save_model(request, obj, form, change)
