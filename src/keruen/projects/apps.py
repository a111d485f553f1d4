from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "keruen.projects"
    label = "projects"
