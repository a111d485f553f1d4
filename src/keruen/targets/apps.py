from keruen.accounts.rules import AccessRule
from keruen.core import appconfig


class TargetsConfig(appconfig.KeruenAppConfig):
    # A region's editors may change the targets of their region and what measures them.
    access_rules = {
        "targets.target": AccessRule(region_lookups=("region__code",)),
        "targets.observation": AccessRule(region_lookups=("target__region__code",)),
        "targets.trajectorypoint": AccessRule(region_lookups=("target__region__code",)),
    }
