"""Permission-aware querysets: every read goes through `restrict(user, action)` (as NetBox does).

core defines only the protocol: the rules live in `keruen.accounts.policy`, which the accounts app
installs here when Django starts (`set_policy`), so that core imports no app above it.
"""

from __future__ import annotations

from typing import Any, Protocol, Self, cast

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Policy(Protocol):
    def __call__(self, qs: models.QuerySet, user: Any, action: str) -> models.QuerySet: ...


_installed: list[Policy] = []


def set_policy(policy: Policy) -> None:
    """Install the function that narrows every `restrict()` (one at a time)."""
    _installed[:] = [policy]


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """Only the rows `user` may `action` ("view", "change", "delete", "report")."""
        if not _installed:
            raise ImproperlyConfigured("No access policy installed: is keruen.accounts an app?")
        return cast(Self, _installed[0](self, user, action))
