from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "keruen.agreements"
    label = "agreements"
