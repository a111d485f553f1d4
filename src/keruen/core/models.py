"""Base models built from small mixins (as NetBox does), and the history edited models keep."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
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
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
        db_index=True,
    )

    class Meta:
        abstract = True


class TranslatedTitleMixin(models.Model):
    """Title in the three languages; `title` is English (or the original) and always present."""

    title = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def localized_title(self, language: str | None = None) -> str:
        lang = (language or get_language() or "en")[:2]
        if lang == "ru" and self.title_ru:
            return self.title_ru
        if lang == "kk" and self.title_kk:
            return self.title_kk
        return self.title


class Source(IllustrativeMixin, TimeStampedModel):
    """Where a figure comes from: a press release, an official record, a statistic."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("press release")
        NEWS = "news", _("news item")
        OFFICIAL_RECORD = "official_record", _("official record")
        STATISTICS = "statistics", _("statistics")
        DEMO = "demo", _("demonstration data")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True, max_length=500)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = KeruenHistory()

    class Meta:
        ordering = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title
