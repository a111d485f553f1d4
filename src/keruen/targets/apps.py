from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "keruen.targets"
    label = "targets"
