from keruen.core import appconfig


class DemoConfig(appconfig.KeruenAppConfig):
    """The demo portfolio and the `keruen demo` verb. An app only so that the verb lives beside
    the loader it runs; it has no models, and no domain app imports it."""
