"""The `AppConfig` every Keruen app states itself with: what it registers, as class attributes,
not the calls that register it. Its `name` is the package its `apps.py` is in (and its label,
as Django makes it, that name's last part).

- `access_rules`: model label → how its rows are read and changed and whose they are (an
  `AccessRule` of `keruen.accounts.rules`); `keruen.accounts.policy` collects them from every app.
- `access_parts`: model label → the label of the record it is part of (read and changed only
  through that record).
- `organization_sections`: dotted paths of the functions that give this app's part of an
  organization's page (`keruen.parties.sections`), shown in the order of INSTALLED_APPS.
- `on_ready`: dotted paths of functions run once the models are loaded (signals connected).

core reads none of them itself, so it imports no app above it. An `apps.py` imports this module,
not the class (`appconfig.KeruenAppConfig`): Django takes every `AppConfig` class an `apps.py`
holds as a candidate for the app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


class KeruenAppConfig(AppConfig):
    access_rules: ClassVar[Mapping[str, Any]] = {}
    access_parts: ClassVar[Mapping[str, str]] = {}
    organization_sections: ClassVar[Sequence[str]] = ()
    on_ready: ClassVar[Sequence[str]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.name = cls.__module__.removesuffix(".apps")

    def ready(self) -> None:
        for path in self.on_ready:
            import_string(path)()


def declared(attribute: str) -> list[tuple[str, Any]]:
    """Every app's `attribute` (a mapping's items, or a sequence's dotted paths imported), in the
    order of INSTALLED_APPS: what `keruen.accounts.policy` and `keruen.parties.sections` read."""
    found: list[tuple[str, Any]] = []
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if isinstance(value, Mapping):
            found.extend(value.items())
        elif value:
            found.extend((path, import_string(path)) for path in value)
    return found
