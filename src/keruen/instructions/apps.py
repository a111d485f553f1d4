from django.utils.translation import gettext_lazy as _

from keruen.accounts.rules import REPORT, VIEW, AccessRule
from keruen.core import appconfig


class InstructionsConfig(appconfig.KeruenAppConfig):
    verbose_name = _("Instructions")
    # An instruction belongs to its lead executor and co-executors (agency officers) and to the
    # regions of those akimats and the regions it is linked to (regional editors), who may see it
    # and report on it; coordinators do everything else.
    access_rules = {
        "instructions.instruction": AccessRule.own_rows(
            {VIEW, REPORT},
            regions=("lead_executor__region__code", "co_executors__region__code", "regions__code"),
            organizations=("lead_executor_id", "co_executors__id"),
        ),
    }
    access_parts = dict.fromkeys(
        [
            "instructions.instructionreport",
            "instructions.reportattachment",
            "instructions.instructionextension",
        ],
        "instructions.instruction",
    )
