from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "keruen.projects"
    label = "projects"

    def ready(self) -> None:
        from keruen.parties.sections import register_section
        from keruen.projects.views import organization_projects_section

        register_section(organization_projects_section)
