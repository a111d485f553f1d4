"""Permission-aware querysets: every read goes through `restrict(user, action)` (as NetBox does).

The rules themselves live in `keruen.accounts.policy`, one place for every model; this module only
gives each model's queryset the method.
"""

from __future__ import annotations

from typing import Any, Self, cast

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """Only the rows `user` may `action` ("view", "change", "delete", "report")."""
        from keruen.accounts.policy import restrict_queryset

        return cast(Self, restrict_queryset(self, user, action))
