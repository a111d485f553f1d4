from keruen.accounts.rules import AccessRule
from keruen.core import appconfig


class PartiesConfig(appconfig.KeruenAppConfig):
    # An akimat or regional body belongs to its region; an officer's own organization is theirs.
    access_rules = {
        "parties.organization": AccessRule(
            region_lookups=("region__code",), organization_lookups=("id",)
        ),
    }
    access_parts = dict.fromkeys(
        ["parties.organizationalias", "parties.organizationidentifier"], "parties.organization"
    )
