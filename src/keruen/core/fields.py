"""Field declarations several models share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import User
    from django.utils.functional import _StrPromise


def code_field(max_length: int) -> models.SlugField[Any, str]:
    """A record's code: a unique slug of at most `max_length` characters, its key in URLs,
    imports and the API."""
    return models.SlugField(_("code"), max_length=max_length, unique=True)


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


def owner_link(
    related_name: str, verbose_name: str | _StrPromise, *, only_one: bool = False
) -> models.ForeignKey[Any, User]:
    """The user a row belongs to (their token, subscription, message, saved view): required, and
    deleted with the user. `only_one`: a user has at most one such row (their profile, their home
    view)."""
    field = models.OneToOneField if only_one else models.ForeignKey
    return field(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def record_link(
    to: str | type[models.Model],
    related_name: str,
    verbose_name: str | _StrPromise,
    *,
    required: bool = False,
    on_delete: Any = models.PROTECT,
    **options: Any,
) -> models.ForeignKey[Any, Any]:
    """A record's reference to another it names (its region, event, curator, parent ...): empty
    unless `required`, and the other cannot be deleted while it is referred to, unless
    `on_delete` says what becomes of the row then (`SET_NULL`: it forgets the other; `CASCADE`:
    it goes too). `options`: the field's other arguments (`help_text`, `to_field`)."""
    optional: dict[str, Any] = {} if required else {"null": True, "blank": True}
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
        **optional,
        **options,
    )


def record_links(
    to: str | type[models.Model], related_name: str, verbose_name: str | _StrPromise
) -> models.ManyToManyField[Any, Any]:
    """A record's references to others of a kind (its regions, sectors, co-executors ...), none
    required."""
    return models.ManyToManyField(
        to, related_name=related_name, blank=True, verbose_name=verbose_name
    )


def part_of(
    to: str | type[models.Model], related_name: str, verbose_name: str | _StrPromise
) -> models.ForeignKey[Any, Any]:
    """The record a row is part of (a project's investor, an instruction's report, a webhook's
    delivery): required, and the row is deleted with it."""
    return models.ForeignKey(
        to, on_delete=models.CASCADE, related_name=related_name, verbose_name=verbose_name
    )


def choice_field(
    verbose_name: str | _StrPromise,
    choices: type[models.TextChoices],
    default: models.TextChoices | None = None,
    *,
    max_length: int = 20,
    **options: Any,
) -> models.CharField[Any, str]:
    """One of `choices` (a kind, role, scheme, mode ...), stored as its code of at most
    `max_length` characters; `default` when given. `options`: the field's other arguments
    (`blank`, `db_index`, `unique`)."""
    if default is not None:
        options["default"] = default
    return models.CharField(verbose_name, max_length=max_length, choices=choices.choices, **options)


def state_field(
    verbose_name: str | _StrPromise,
    choices: type[models.TextChoices],
    default: models.TextChoices,
    *,
    max_length: int = 20,
) -> models.CharField[Any, str]:
    """Where a record stands (its status, stage, level, confidentiality): one of `choices`,
    `default` until it moves, and indexed, since lists filter and count by it."""
    return choice_field(verbose_name, choices, default, max_length=max_length, db_index=True)
