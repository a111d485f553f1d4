from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionsConfig(AppConfig):
    name = "keruen.instructions"
    label = "instructions"
    verbose_name = _("Instructions")

    def ready(self) -> None:
        from keruen.accounts.policy import REPORT, VIEW, Access, AccessRule, register, register_part

        # An instruction belongs to its lead executor and co-executors (agency officers) and to
        # the regions of those akimats and the regions it is linked to (regional editors), who
        # may see it and report on it; coordinators do everything else.
        register(
            "instructions.instruction",
            AccessRule(
                access=Access.OWN_ROWS,
                region_lookups=(
                    "lead_executor__region__code",
                    "co_executors__region__code",
                    "regions__code",
                ),
                organization_lookups=("lead_executor_id", "co_executors__id"),
                own_actions=frozenset({VIEW, REPORT}),
            ),
        )
        for part in ("instructionreport", "reportattachment", "instructionextension"):
            register_part(f"instructions.{part}", of="instructions.instruction")
