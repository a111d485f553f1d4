from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "keruen.parties"
    label = "parties"
