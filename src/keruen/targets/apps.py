from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "keruen.targets"
    label = "targets"

    def ready(self) -> None:
        from keruen.accounts.policy import ScopeRule, register_scope

        # A region's editors may change the targets of their region and what measures them.
        register_scope("targets.target", ScopeRule(("region__code",), ()))
        register_scope("targets.observation", ScopeRule(("target__region__code",), ()))
        register_scope("targets.trajectorypoint", ScopeRule(("target__region__code",), ()))
