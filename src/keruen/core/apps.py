from keruen.core import appconfig


class CoreConfig(appconfig.KeruenAppConfig):
    """Keruen's base: records, history, money, permissions' protocol; imports no app above it."""
