from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "keruen.ops"
    label = "ops"
