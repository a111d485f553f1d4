"""Who may see and change what: the single place the access rules live.

`restrict_queryset(qs, user, action)` narrows any queryset; `None` as the user means the system
itself (CLI on the server, migrations, the demo loader), which may do everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from keruen.core.models import Confidentiality


def is_system(user: Any) -> bool:
    return user is None


def restrict_queryset(qs: QuerySet, user: Any, action: str = "view") -> QuerySet:
    if is_system(user) or getattr(user, "is_superuser", False):
        return qs
    model = qs.model
    has_conf = any(f.name == "confidentiality" for f in model._meta.fields)
    if not getattr(user, "is_authenticated", False):
        if action != "view":
            return qs.none()
        return qs.filter(confidentiality=Confidentiality.PUBLIC) if has_conf else qs
    if action == "view":
        return qs
    return qs if getattr(user, "is_staff", False) else qs.none()
