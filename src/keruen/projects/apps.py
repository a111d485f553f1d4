from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "keruen.projects"
    label = "projects"

    def ready(self) -> None:
        from keruen.parties.sections import register_section
        from keruen.projects.views import organization_projects_section

        register_section(organization_projects_section)

        from keruen.accounts.policy import AccessRule, register, register_part

        # A project belongs to its regions, its curator and its responsible body.
        register(
            "projects.project",
            AccessRule(
                region_lookups=("regions__code",),
                organization_lookups=("curator_id", "responsible_body_id"),
            ),
        )
        register("projects.portfolio", AccessRule())  # no region or organization: coordinators'
        register_part("projects.projectinvestor", of="projects.project")
        register_part("projects.milestone", of="projects.project")

        from keruen.projects.cube import connect_signals

        connect_signals()
