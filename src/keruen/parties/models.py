"""Organizations: investors, state bodies, akimats, banks; every spelling of their names."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, code_field, part_of, record_link
from keruen.core.models import KeruenHistory, LongNamedMixin, PageMixin, Record


class Organization(LongNamedMixin, PageMixin, Record):
    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        MINISTRY = "ministry", _("ministry")
        AGENCY = "agency", _("agency")
        AKIMAT = "akimat", _("akimat")
        STATE_BODY = "state_body", _("state body")
        BANK = "bank", _("bank")
        FUND = "fund", _("fund")
        OTHER = "other", _("other")

    code = code_field(80)
    kind = choice_field(_("kind"), Kind, db_index=True)
    country = record_link("reference.Country", "organizations", _("country"))
    region = record_link(
        "reference.Region",
        "organizations",
        _("region"),
        help_text=_("For akimats and regional bodies: the region they govern."),
    )
    parent = record_link("self", "children", _("parent organization"))
    website = models.URLField(_("website"), blank=True)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["code"]

    page_url = "parties:detail"


class OrganizationRole(models.Model):
    """An organization in a role on a record it is part of: an agreement's party, a project's
    investor. The subclass declares the record (`part_of`), `organization =
    OrganizationRole.link(<accessor>)` and `role` with its own choices; an organization holds
    each role on a record once (`unique_role`)."""

    organization: models.ForeignKey[Organization, Organization]
    get_role_display: Callable[[], str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @staticmethod
    def link(related_name: str) -> models.ForeignKey[Organization, Organization]:
        """The organization, which cannot be deleted while it holds the role."""
        return record_link(Organization, related_name, _("organization"), required=True)

    @staticmethod
    def unique_role(record: str, name: str) -> models.UniqueConstraint:
        """The constraint `name`: one row per `record`, organization and role."""
        return models.UniqueConstraint(fields=[record, "organization", "role"], name=name)


class OrganizationAlias(models.Model):
    """Another spelling: Latin, Cyrillic, Chinese characters, pinyin, an abbreviation."""

    class Script(models.TextChoices):
        LATIN = "latin", _("Latin")
        CYRILLIC = "cyrillic", _("Cyrillic")
        HANZI = "hanzi", _("Chinese characters")
        PINYIN = "pinyin", _("pinyin")
        ABBREVIATION = "abbreviation", _("abbreviation")
        OTHER = "other", _("other")

    organization = part_of(Organization, "aliases", _("organization"))
    alias = models.CharField(_("alias"), max_length=300)
    script = choice_field(_("script"), Script)
    normalized = models.CharField(
        _("normalized form"), max_length=300, db_index=True, editable=False
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["organization__code", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "alias"], name="alias_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.alias


class OrganizationIdentifier(models.Model):
    class Scheme(models.TextChoices):
        KZ_BIN = "kz_bin", _("Kazakhstan business identification number (BIN)")
        CN_USCC = "cn_uscc", _("China unified social credit code (USCC)")
        OTHER = "other", _("other")

    organization = part_of(Organization, "identifiers", _("organization"))
    scheme = choice_field(_("scheme"), Scheme)
    value = models.CharField(_("identifier"), max_length=40)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}: {self.value}"
