from keruen.core import appconfig


class ReportsConfig(appconfig.KeruenAppConfig):
    """Dashboards, briefings, meetings and exports."""
