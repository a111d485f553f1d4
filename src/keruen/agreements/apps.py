from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "keruen.agreements"
    label = "agreements"

    def ready(self) -> None:
        from keruen.agreements.views import organization_agreements_section
        from keruen.parties.sections import register_section

        register_section(organization_agreements_section)

        from keruen.accounts.policy import AccessRule, register, register_part

        # An agreement belongs to its region and its parties; an event to its region.
        register(
            "agreements.agreement",
            AccessRule(
                region_lookups=("region__code",), organization_lookups=("parties__organization_id",)
            ),
        )
        register("agreements.event", AccessRule(region_lookups=("region__code",)))
        register_part("agreements.agreementparty", of="agreements.agreement")
