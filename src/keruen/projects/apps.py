from keruen.accounts.rules import AccessRule
from keruen.core import appconfig


class ProjectsConfig(appconfig.KeruenAppConfig):
    # A project belongs to its regions, its curator and its responsible body; a portfolio to no
    # region or organization (coordinators').
    access_rules = {
        "projects.project": AccessRule(
            region_lookups=("regions__code",),
            organization_lookups=("curator_id", "responsible_body_id"),
        ),
        "projects.portfolio": AccessRule(),
    }
    access_parts = dict.fromkeys(
        ["projects.projectinvestor", "projects.milestone"], "projects.project"
    )
    organization_sections = ("keruen.projects.views.organization_projects_section",)
    on_ready = ("keruen.projects.cube.connect_signals",)
