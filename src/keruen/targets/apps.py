from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "keruen.targets"
    label = "targets"

    def ready(self) -> None:
        from keruen.accounts.policy import AccessRule, register

        # A region's editors may change the targets of their region and what measures them.
        register("targets.target", AccessRule(region_lookups=("region__code",)))
        register("targets.observation", AccessRule(region_lookups=("target__region__code",)))
        register("targets.trajectorypoint", AccessRule(region_lookups=("target__region__code",)))
