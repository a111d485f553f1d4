"""Reference data: countries, regions of Kazakhstan, sectors, currencies and FX rates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, code_field, record_link
from keruen.core.models import NamedMixin, PageMixin

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def standard_code(
    verbose_name: _StrPromise, max_length: int, pattern: str, message: _StrPromise
) -> models.CharField[Any, str]:
    """A record's code in a standard (ISO 3166, ISO 4217): unique, and checked against its
    pattern."""
    return models.CharField(
        verbose_name,
        max_length=max_length,
        unique=True,
        validators=[RegexValidator(pattern, message)],
    )


class Country(NamedMixin):
    code = standard_code(
        _("ISO 3166-1 alpha-2 code"), 2, r"^[A-Z]{2}$", _("Expected two capital letters, e.g. CN.")
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]


class Region(NamedMixin, PageMixin):
    """One of the 20 first-level units of Kazakhstan (17 regions and 3 cities), ISO 3166-2:KZ."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = standard_code(
        _("ISO 3166-2 code"), 6, r"^KZ-\d{2}$", _("Expected an ISO 3166-2:KZ code, e.g. KZ-19.")
    )
    kind = choice_field(_("kind"), Kind, max_length=10)
    capital = models.CharField(_("administrative centre"), max_length=100, blank=True)
    since = models.DateField(_("exists since"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    page_url = "regions:detail"


class Sector(NamedMixin):
    """A tree of sectors: NACE/OKED sections and divisions, plus policy tags."""

    class Kind(models.TextChoices):
        SECTION = "section", _("economic activity (OKED section)")
        POLICY = "policy", _("policy tag")

    code = code_field(60)
    kind = choice_field(_("kind"), Kind, max_length=10)
    parent = record_link("self", "children", _("parent"))
    oked = models.CharField(_("OKED/NACE code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]


class Currency(NamedMixin):
    code = standard_code(
        _("ISO 4217 code"), 3, r"^[A-Z]{3}$", _("Expected an ISO 4217 code, e.g. USD.")
    )
    symbol = models.CharField(_("symbol"), max_length=5, blank=True)
    minor_units = models.PositiveSmallIntegerField(_("minor units"), default=2)

    class Meta:
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        ordering = ["code"]


class FxRate(models.Model):
    """How many units of `currency` one US dollar bought on `date`, and who said so."""

    currency = record_link(Currency, "rates", _("currency"), required=True)
    date = models.DateField(_("date"))
    units_per_usd = models.DecimalField(
        _("units per US dollar"),
        max_digits=24,
        decimal_places=10,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency__code", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"], name="fxrate_unique_currency_date"
            ),
            models.CheckConstraint(condition=models.Q(units_per_usd__gt=0), name="fxrate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency.code} {self.date}: {self.units_per_usd} per USD ({self.source})"
