from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionsConfig(AppConfig):
    name = "keruen.instructions"
    label = "instructions"
    verbose_name = _("Instructions")

    def ready(self) -> None:
        from keruen.accounts.policy import ScopeRule, register_scope

        # An instruction belongs to its lead executor and co-executors (agency officers) and to
        # the regions of those akimats and the regions it is linked to (regional editors).
        register_scope(
            "instructions.instruction",
            ScopeRule(
                region_lookups=(
                    "lead_executor__region__code",
                    "co_executors__region__code",
                    "regions__code",
                ),
                organization_lookups=("lead_executor_id", "co_executors__id"),
            ),
        )
