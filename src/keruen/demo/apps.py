from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo portfolio and the `keruen demo` verb. An app only so that the verb lives beside
    the loader it runs; it has no models, and no domain app imports it."""

    name = "keruen.demo"
    label = "demo"
