"""Field declarations several models share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import User
    from django.utils.functional import _StrPromise


def user_link(verbose_name: str | _StrPromise) -> models.ForeignKey[Any, AbstractBaseUser | None]:
    """The user who did something to a row (ingested, reviewed, approved it ...): optional, kept
    as empty when the user is deleted, and with no accessor back from the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def owner_link(related_name: str, verbose_name: str | _StrPromise) -> models.ForeignKey[Any, User]:
    """The user a row belongs to (their token, subscription, message, saved view): required, and
    deleted with the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )
