from keruen.core import appconfig


class ApiConfig(appconfig.KeruenAppConfig):
    """The JSON API under /api/v1/ and the toolkit each app's API is built with."""
