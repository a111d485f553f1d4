from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

#: Who makes a change: a user, or None for the system itself (migrations, the demo loader).
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"
