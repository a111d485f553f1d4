from keruen.accounts.rules import AccessRule
from keruen.core import appconfig


class RegionsConfig(appconfig.KeruenAppConfig):
    # An initiative belongs to its region: that region's editors may change it.
    access_rules = {"regions.initiative": AccessRule(region_lookups=("region__code",))}
