from keruen.core import appconfig


class ImportsConfig(appconfig.KeruenAppConfig):
    """Spreadsheets imported into the registry, checked before they are written."""
