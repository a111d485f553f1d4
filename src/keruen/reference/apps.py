from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "keruen.reference"
    label = "reference"
