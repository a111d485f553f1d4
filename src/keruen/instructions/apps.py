from django.apps import AppConfig


class InstructionsConfig(AppConfig):
    name = "keruen.instructions"
    label = "instructions"
