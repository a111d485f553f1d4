"""Base models built from small mixins (as NetBox does), and the history edited models keep."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Literal,
    NamedTuple,
    TypedDict,
    TypeVar,
    Unpack,
    overload,
)

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keruen.core.fields import choice_field, code_field, record_link, record_links, state_field
from keruen.core.permissions import RestrictedQuerySet


class KeruenHistory(HistoricalRecords):
    """Change history written by the services: one row per changed object, with actor and reason.

    Services save with history switched off and then write a single row themselves (see
    `keruen.core.history`), so that a write touching fields and many-to-many relations still makes
    exactly one row, and a write that changes nothing makes none.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("user_model", settings.AUTH_USER_MODEL)
        super().__init__(**kwargs)

    def finalize(self, sender: type[models.Model], **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) and (
            self.cls is sender or (self.inherit and issubclass(sender, self.cls))
        ):
            sender._keruen_history = self  # type: ignore[attr-defined]


class CreatedAtMixin(models.Model):
    """When the row was written: a log entry, a message, a token, a saved view."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class FinishedRunMixin(models.Model):
    """A job Keruen ran to its end (an import, a backup): when it finished, newest first."""

    finished_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-finished_at"]


class InboxMessage(CreatedAtMixin):
    """A notification in one user's inbox: unread while `read_at` is empty, newest first."""

    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]


class TimeStampedModel(CreatedAtMixin):
    """When the row was written and when it last changed."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class IllustrativeMixin(models.Model):
    """Invented demo records say so, in the data and wherever they are shown."""

    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for demonstration; not a real-world record."),
    )

    class Meta:
        abstract = True


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")
    RESTRICTED = "restricted", _("restricted")


class ConfidentialityMixin(models.Model):
    confidentiality = state_field(
        _("confidentiality"), Confidentiality, Confidentiality.PUBLIC, max_length=12
    )

    class Meta:
        abstract = True


def editable_fields(
    model: type[models.Model], *, exclude: Iterable[str] = ()
) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the fields users edit on `model` (concrete, editable, not the primary key)
    and of its many-to-many relations: the model declares them once, the services take them."""
    skip = set(exclude)
    fields, relations = set(), set()
    for f in model._meta.get_fields():
        if f.auto_created or f.name in skip or not getattr(f, "editable", False):
            continue
        if f.many_to_many:
            relations.add(f.name)
        elif f.concrete and not f.primary_key:
            fields.add(f.name)
    return frozenset(fields), frozenset(relations)


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """One text of `obj` in the reader's language (`language`, else the active one): `<field>_ru`
    or `_kk` when filled in, else `<field>` (English, or the original); an optional text that has
    no English gives whichever translation it has (Russian first)."""
    lang = (language or get_language() or "en")[:2]
    columns: tuple[str, ...] = translations(field)
    if lang in ("ru", "kk"):
        columns = (f"{field}_{lang}", *columns)
    texts: list[str] = [getattr(obj, column) for column in columns]
    return next((text for text in texts if text), "")


def translated_fields(
    english: Label,
    russian: Label,
    kazakh: Label,
    *,
    max_length: int | None = None,
    required: bool = True,
) -> tuple[models.Field[Any, str], models.Field[Any, str], models.Field[Any, str]]:
    """One text in the three languages, each labelled in its own string: the English (or
    original) one, required unless `required` is False, then the Russian and Kazakh ones, which
    may be empty. Char fields of `max_length`, else text fields. A model unpacks them into
    `<name>`, `<name>_ru`, `<name>_kk`, which `localized` reads."""

    def field(label: Label, blank: bool) -> models.Field[Any, str]:
        if max_length is None:
            return models.TextField(label, blank=blank)
        return models.CharField(label, max_length=max_length, blank=blank)

    return field(english, not required), field(russian, True), field(kazakh, True)


def translations(field: str) -> tuple[str, str, str]:
    """The columns of one text in the three languages (see `translated_fields`): `<field>`,
    `<field>_ru`, `<field>_kk`, in the order payloads, imports, exports and searches list them."""
    return (field, f"{field}_ru", f"{field}_kk")


#: The columns of `TranslatedTitleMixin`.
TITLE_FIELDS = translations("title")
#: The columns of `NamedMixin`.
NAME_FIELDS = translations("name")


class TranslatedTitleMixin(models.Model):
    """Title in the three languages; `title` is English (or the original) and always present.
    The record is named by its title in the reader's language."""

    title, title_ru, title_kk = translated_fields(
        _("title (English)"), _("title (Russian)"), _("title (Kazakh)"), max_length=300
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_title()

    def localized_title(self, language: str | None = None) -> str:
        return localized(self, "title", language)


class TranslatedDescriptionMixin(models.Model):
    """An optional description in the three languages (any of them may be the only one filled
    in: a blocking issue raised in Russian has no English)."""

    description, description_ru, description_kk = translated_fields(
        _("description (English)"),
        _("description (Russian)"),
        _("description (Kazakh)"),
        required=False,
    )

    class Meta:
        abstract = True

    def localized_description(self, language: str | None = None) -> str:
        return localized(self, "description", language)


class PageMixin(models.Model):
    """A record with a page of its own: `get_absolute_url` reverses the URL name `page_url` with
    the record's `page_key` (its code, slug or id)."""

    class Meta:
        abstract = True

    page_url: ClassVar[str]
    page_key: ClassVar[str] = "code"

    def get_absolute_url(self) -> str:
        return reverse(self.page_url, args=[getattr(self, self.page_key)])


class CodedTitleMixin(TranslatedTitleMixin, PageMixin):
    """A titled record known by its code: "CODE: title" wherever it is named."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.page_key)}: {self.localized_title()}"


class Record(IllustrativeMixin, TimeStampedModel):
    """A record of the registry that users edit (an event, agreement, organization, project ...):
    it may be invented for the demonstration, it keeps when it was made and last changed, and its
    lists are cut to what a user may see (`objects.restrict(user)`)."""

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


def sources_field(related_name: str) -> Any:
    """The sources a record's figures come from (`related_name`: the model's plural, e.g.
    `source.projects`)."""
    return record_links("core.Source", related_name, _("sources"))


class CodedRecord(CodedTitleMixin, ConfidentialityMixin, Record):
    """A record of the registry known by its code (a project, an agreement, an initiative): a
    title in the three languages and a confidentiality; listed by code."""

    code = code_field(40)

    class Meta:
        abstract = True
        ordering = ["code"]


class NamedMixin(models.Model):
    """A name in the three languages; `name` is English and always present."""

    name, name_ru, name_kk = translated_fields(
        _("name (English)"), _("name (Russian)"), _("name (Kazakh)"), max_length=200
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        return localized(self, "name", language)


class LongNamedMixin(NamedMixin):
    """A name of up to 300 characters, for organizations' and targets' long official names."""

    name, name_ru, name_kk = translated_fields(
        _("name (English)"), _("name (Russian)"), _("name (Kazakh)"), max_length=300
    )

    class Meta:
        abstract = True


if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as Label
else:
    Label = str

# --- money ------------------------------------------------------------------------------------

_Amount = TypeVar("_Amount", Decimal, Decimal | None)
_Date = TypeVar("_Date", dt.date, dt.date | None)


class MoneyFields(NamedTuple, Generic[_Amount, _Date]):
    """The five fields of one sum of money, in the order a model unpacks them."""

    amount: models.DecimalField[Any, _Amount]
    currency: models.ForeignKey[Any, Any]
    date: models.DateField[Any, _Date]
    usd: models.DecimalField[Any, Decimal | None]
    fx: models.ForeignKey[Any, Any]


class _PrefixedName:
    """The name of one field of a money group: the group's prefix, then the attribute's name
    (`MoneyGroup("value").usd` is "value_usd")."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.suffix = name

    @overload
    def __get__(self, group: None, owner: type) -> _PrefixedName: ...

    @overload
    def __get__(self, group: MoneyGroup, owner: type) -> str: ...

    def __get__(self, group: MoneyGroup | None, owner: type) -> str | _PrefixedName:
        return self if group is None else f"{group.prefix}_{self.suffix}"


@dataclass(frozen=True)
class MoneyGroup:
    """One sum of money on a model, by the names of its fields: `<prefix>_amount`, `_currency`
    (ISO 4217 code), `_date` (the day whose rate converts it), and the derived `_usd` with the
    `_fx` rate it used."""

    prefix: str
    #: Whether `core.money.derive_usd` derives the USD value (False where a service converts).
    derived: bool = True
    #: A field whose value stands in for a missing date (an agreement's value: its signing day).
    date_default: str | None = None

    amount = _PrefixedName()
    currency = _PrefixedName()
    date = _PrefixedName()
    usd = _PrefixedName()
    fx = _PrefixedName()

    @property
    def entered(self) -> tuple[str, str, str]:
        """The fields users enter (the others are derived)."""
        return (self.amount, self.currency, self.date)


class MoneyOptions(TypedDict, total=False):
    #: The amount may be negative (a net outflow).
    signed: bool
    #: Whether `core.money.derive_usd` derives the USD value (False where a service converts).
    derived: bool
    #: A field whose value stands in for a missing date.
    date_default: str | None
    date_help: Label


@overload
def money_fields(
    *labels: Label, required: Literal[False] = False, **options: Unpack[MoneyOptions]
) -> MoneyFields[Decimal | None, dt.date | None]: ...


@overload
def money_fields(
    *labels: Label, required: Literal[True], **options: Unpack[MoneyOptions]
) -> MoneyFields[Decimal, dt.date]: ...


def money_fields(
    *labels: Label, required: bool = False, **options: Unpack[MoneyOptions]
) -> MoneyFields[Any, Any]:
    """The fields of one sum of money, labelled amount, currency, date, USD and rate (each its
    own string, so that every language can decline it). A model unpacks them into
    `<prefix>_amount`, `_currency`, `_date`, `_usd`, `_fx`; `money_groups` finds them again.

    `required`: the amount and the date cannot be empty.
    """
    amount, currency, date, usd, fx = labels
    optional: dict[str, Any] = {} if required else {"null": True, "blank": True}
    amount_field = models.DecimalField(
        amount,
        max_digits=20,
        decimal_places=2,
        validators=[] if options.get("signed") else [MinValueValidator(0)],
        **optional,
    )
    amount_field.money_group = (  # type: ignore[attr-defined]
        options.get("derived", True),
        options.get("date_default"),
    )
    return MoneyFields(
        amount_field,
        record_link("reference.Currency", "+", currency, to_field="code"),
        models.DateField(date, help_text=options.get("date_help", ""), **optional),
        models.DecimalField(
            usd, null=True, blank=True, editable=False, max_digits=20, decimal_places=2
        ),
        record_link("reference.FxRate", "+", fx, editable=False),
    )


@functools.cache
def money_groups(model: type[models.Model]) -> tuple[MoneyGroup, ...]:
    """The money groups `model` declares with `money_fields`, in the order of its fields."""
    groups = []
    for f in model._meta.concrete_fields:
        marker = getattr(f, "money_group", None)
        if marker is None:
            continue
        if not f.name.endswith("_amount"):
            raise ImproperlyConfigured(
                f"{model._meta.label}.{f.name}: the amount of a money group must be named "
                "<prefix>_amount"
            )
        derived, date_default = marker
        groups.append(MoneyGroup(f.name.removesuffix("_amount"), derived, date_default))
    return tuple(groups)


class Source(IllustrativeMixin, TimeStampedModel):
    """Where a figure comes from: a press release, an official record, a statistic."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("press release")
        NEWS = "news", _("news item")
        OFFICIAL_RECORD = "official_record", _("official record")
        STATISTICS = "statistics", _("statistics")
        DEMO = "demo", _("demonstration data")

    code = code_field(80)
    kind = choice_field(_("kind"), Kind)
    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True, max_length=500)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title
