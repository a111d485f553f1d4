from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "keruen.parties"
    label = "parties"

    def ready(self) -> None:
        from keruen.accounts.policy import AccessRule, register, register_part

        # An akimat or regional body belongs to its region; an officer's own organization is theirs.
        register(
            "parties.organization",
            AccessRule(region_lookups=("region__code",), organization_lookups=("id",)),
        )
        register_part("parties.organizationalias", of="parties.organization")
        register_part("parties.organizationidentifier", of="parties.organization")
