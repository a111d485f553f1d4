"""Admin of targets, observations and stage probabilities; saves pass the services' checks."""

from django.contrib import admin

from keruen.core.admin import KeruenAdmin, KeruenAdminForm, inline
from keruen.core.models import NAME_FIELDS
from keruen.targets.models import Observation, StageProbability, Target, TrajectoryPoint
from keruen.targets.services import convert_observation, validate_target


class TargetAdminForm(KeruenAdminForm):
    """Runs the services' checks on the target before the admin saves it."""

    def check_instance(self) -> None:
        super().check_instance()
        validate_target(self.instance)


class ObservationAdminForm(KeruenAdminForm):
    """Validates an observation against its target and converts it, as the services do."""

    def check_instance(self) -> None:
        super().check_instance()
        if getattr(self.instance, "target_id", None):
            convert_observation(self.instance)


@admin.register(Target)
class TargetAdmin(KeruenAdmin):
    form = TargetAdminForm
    list_display = [
        "code",
        "name",
        "measure",
        "target_value",
        "currency",
        "period_start_year",
        "period_end_year",
    ]
    list_filter = ["measure"]
    search_fields = ["code", *NAME_FIELDS]
    filter_horizontal = ["sources"]
    inlines = [inline(TrajectoryPoint)]


@admin.register(Observation)
class ObservationAdmin(KeruenAdmin):
    """Observations are converted to the target's currency whenever they are saved."""

    form = ObservationAdminForm
    list_display = [
        "target",
        "year",
        "quarter",
        "value_amount",
        "value_currency",
        "value_in_target",
        "country",
    ]
    list_filter = ["target", "year"]
    readonly_fields = ["value_in_target", "value_usd", "value_fx", "conversion"]


@admin.register(StageProbability)
class StageProbabilityAdmin(KeruenAdmin):
    list_display = ["stage", "probability", "note"]
