from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "keruen.regions"
    label = "regions"

    def ready(self) -> None:
        from keruen.accounts.policy import ScopeRule, register_scope

        # An initiative belongs to its region: that region's editors may change it.
        register_scope("regions.initiative", ScopeRule(region_lookups=("region__code",)))
