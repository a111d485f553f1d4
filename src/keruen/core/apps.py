from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keruen.core"
    label = "core"
