from keruen.accounts.rules import AccessRule
from keruen.core import appconfig


class AgreementsConfig(appconfig.KeruenAppConfig):
    # An agreement belongs to its region and its parties; an event to its region.
    access_rules = {
        "agreements.agreement": AccessRule(
            region_lookups=("region__code",), organization_lookups=("parties__organization_id",)
        ),
        "agreements.event": AccessRule(region_lookups=("region__code",)),
    }
    access_parts = {"agreements.agreementparty": "agreements.agreement"}
    organization_sections = ("keruen.agreements.views.organization_agreements_section",)
