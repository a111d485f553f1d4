"""Documents (press releases, news) and the facts proposed from them, reviewed into the registry."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, part_of, record_link, state_field, user_link
from keruen.core.models import KeruenHistory, PageMixin, TimeStampedModel
from keruen.core.permissions import RestrictedQuerySet


class Document(PageMixin, TimeStampedModel):
    """One text as it arrived, immutable once ingested; registry records cite its `source`."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        RU = "ru", _("Russian")
        KK = "kk", _("Kazakh")
        UNKNOWN = "unknown", _("not recognised")

    title = models.CharField(_("title"), max_length=400)
    url = models.URLField(_("address"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    origin = models.CharField(
        _("origin"),
        max_length=500,
        blank=True,
        help_text=_("The file, feed or form the text came from."),
    )
    language = choice_field(_("language"), Language, max_length=8)
    supported = models.BooleanField(_("language supported"), default=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    text = models.TextField(_("text"), help_text=_("Fact offsets count characters of this text."))
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    source = models.OneToOneField(
        "core.Source", on_delete=models.PROTECT, related_name="document", verbose_name=_("source")
    )
    ingested_by = user_link(_("ingested by"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    page_url = "ingest:document"
    page_key = "pk"


class Fact(models.Model):
    """A figure or statement read from a document, with the exact words it came from."""

    class Kind(models.TextChoices):
        PROJECT_COUNT = "project_count", _("number of projects")
        INVESTMENT_AMOUNT = "investment_amount", _("investment amount")
        AGREEMENT_COUNT = "agreement_count", _("number of agreements")
        AGREEMENT_VALUE = "agreement_value", _("value of agreements")
        JOBS = "jobs", _("jobs")
        TARGET = "target", _("target")
        PROJECT = "project", _("project")
        AGREEMENT = "agreement", _("agreement")
        EVENT = "event", _("event")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        SUPERSEDED = "superseded", _("superseded by another source")

    document = part_of(Document, "facts", _("document"))
    kind = choice_field(_("kind"), Kind, db_index=True)
    quote = models.TextField(_("quote"))
    char_start = models.PositiveIntegerField(_("start"))
    char_end = models.PositiveIntegerField(_("end"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=20, blank=True)
    region = models.CharField(_("region as written"), max_length=300, blank=True)
    region_code = models.CharField(_("region code"), max_length=6, blank=True, db_index=True)
    counterparty_country = models.CharField(_("counterparty country"), max_length=100, blank=True)
    company = models.CharField(_("company as written"), max_length=400, blank=True)
    organization = record_link(
        "parties.Organization", "facts", _("organization"), on_delete=models.SET_NULL
    )
    date = models.CharField(_("date as written"), max_length=100, blank=True)
    rule = models.CharField(_("extractor rule"), max_length=100, blank=True)
    status = state_field(_("status"), Status, Status.PROPOSED, max_length=12)
    group_key = models.CharField(
        _("group"),
        max_length=200,
        db_index=True,
        blank=True,
        help_text=_("Facts about the same thing from several outlets share a group."),
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = user_link(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = KeruenHistory()

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["document_id", "char_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(char_end__gt=models.F("char_start")), name="fact_span_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quote[:80]}"


class FactApplication(models.Model):
    """A registry field set from a fact: every figure that came from a document can say so."""

    fact = record_link(Fact, "applications", _("fact"), required=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=60)
    applied_by = user_link(_("applied by"))
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("applied fact")
        verbose_name_plural = _("applied facts")
        ordering = ["-applied_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.field} ← fact {self.fact_id}"
