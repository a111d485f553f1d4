from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "keruen.regions"
    label = "regions"

    def ready(self) -> None:
        from keruen.accounts.policy import AccessRule, register

        # An initiative belongs to its region: that region's editors may change it.
        register("regions.initiative", AccessRule(region_lookups=("region__code",)))
