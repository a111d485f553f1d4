from keruen.core import appconfig


class WebConfig(appconfig.KeruenAppConfig):
    """What every app's pages share: list plumbing, change feeds, template tags, chart-spec
    helpers, the region map and the static files. No models; imports no domain app."""
