from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "keruen.regions"
    label = "regions"
