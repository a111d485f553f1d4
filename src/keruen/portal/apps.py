from django.utils.translation import gettext_lazy as _

from keruen.core import appconfig


class PortalConfig(appconfig.KeruenAppConfig):
    verbose_name = _("Open data portal")
