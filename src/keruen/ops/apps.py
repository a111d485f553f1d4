from keruen.core import appconfig


class OpsConfig(appconfig.KeruenAppConfig):
    """Operations: backups, restores, the scheduler and the task worker."""
