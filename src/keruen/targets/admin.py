"""Admin of targets, observations and stage probabilities; saves pass the services' checks."""

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from keruen.core.admin import KeruenAdmin, KeruenAdminForm
from keruen.targets.models import Observation, StageProbability, Target, TrajectoryPoint
from keruen.targets.services import convert_observation, validate_target


class _ServiceCheckedForm(KeruenAdminForm):
    """Runs the services' checks (and derivations) on the instance before the admin saves it."""

    def check(self) -> None:
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            self.check()
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {NON_FIELD_ERRORS: e.messages}
            for field, messages in errors.items():
                name = field if field in self.fields else None
                for message in messages:
                    self.add_error(name, message if name else f"{field}: {message}")


class TargetAdminForm(_ServiceCheckedForm):
    def check(self) -> None:
        validate_target(self.instance)


class ObservationAdminForm(_ServiceCheckedForm):
    """Validates an observation against its target and converts it, as the services do."""

    def check(self) -> None:
        if getattr(self.instance, "target_id", None):
            convert_observation(self.instance)


class TrajectoryInline(admin.TabularInline):
    model = TrajectoryPoint
    extra = 0


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
        "is_illustrative",
    ]
    list_filter = ["measure", "is_illustrative"]
    search_fields = ["code", "name", "name_ru", "name_kk"]
    filter_horizontal = ["sources"]
    inlines = [TrajectoryInline]


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
        "is_illustrative",
    ]
    list_filter = ["target", "year", "is_illustrative"]
    readonly_fields = ["value_in_target", "value_usd", "value_fx", "conversion"]


@admin.register(StageProbability)
class StageProbabilityAdmin(KeruenAdmin):
    list_display = ["stage", "probability", "note"]
