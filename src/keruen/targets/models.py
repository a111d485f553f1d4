"""Targets (e.g. at least USD 150 bn of foreign investment 2025–2029), their planned trajectory,
the observations that measure progress, and the stage probabilities of the pipeline forecast.

Definitions of every figure computed from these tables: `keruen.targets.selectors` and
docs/targets.md.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, code_field, part_of, record_link
from keruen.core.models import (
    KeruenHistory,
    LongNamedMixin,
    PageMixin,
    Record,
    TranslatedDescriptionMixin,
    money_fields,
    sources_field,
)
from keruen.core.permissions import RestrictedQuerySet
from keruen.projects.models import Stage


class Measure(models.TextChoices):
    """What a target counts. Monetary measures have a currency; the others a unit."""

    FDI_INFLOW = "fdi_inflow_usd", _("foreign direct investment inflow")
    FOREIGN_INVESTMENT = "foreign_investment", _("foreign investment in projects")
    PORTFOLIO_INVESTMENT = "portfolio_investment", _("investment in a portfolio's projects")
    JOBS_CREATED = "jobs_created", _("permanent jobs created")


MONETARY_MEASURES = frozenset(
    {Measure.FDI_INFLOW, Measure.FOREIGN_INVESTMENT, Measure.PORTFOLIO_INVESTMENT}
)


class TrajectoryKind(models.TextChoices):
    LINEAR = "linear", _("linear (equal amounts each year)")
    ENTERED = "entered", _("entered (planned amount per year)")


class Target(LongNamedMixin, TranslatedDescriptionMixin, PageMixin, Record):
    code = code_field(80)
    measure = choice_field(_("measure"), Measure, max_length=30)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = record_link(
        "reference.Currency",
        "+",
        _("currency"),
        to_field="code",
        help_text=_("For monetary measures: the currency of the target and of its figures."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=40,
        blank=True,
        help_text=_("For measures that are not money, e.g. 'jobs'."),
    )
    period_start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    # Scope: which investment counts (all of it when every field is empty).
    country = record_link("reference.Country", "targets", _("investor country"))
    region = record_link("reference.Region", "targets", _("region"))
    sector = record_link("reference.Sector", "targets", _("sector"))
    portfolio = record_link("projects.Portfolio", "targets", _("portfolio"))
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    baseline_label = models.CharField(
        _("baseline refers to"),
        max_length=200,
        blank=True,
        help_text=_("What the baseline measures, e.g. '2005–2024, cumulative'."),
    )
    baseline_source = record_link("core.Source", "+", _("baseline source"))
    trajectory_kind = choice_field(
        _("trajectory"), TrajectoryKind, TrajectoryKind.LINEAR, max_length=10
    )
    sources = sources_field("targets")

    history = KeruenHistory(m2m_fields=[sources])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_start_year", "code"]

    page_url = "targets:detail"

    @property
    def is_monetary(self) -> bool:
        return self.measure in MONETARY_MEASURES

    @property
    def unit_label(self) -> str:
        return self.currency_id or "" if self.is_monetary else self.unit

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start_year, self.period_end_year + 1))

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.period_start_year, 1, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.period_end_year, 12, 31)


class TrajectoryPoint(models.Model):
    """The amount planned for one year of an entered trajectory (not cumulative)."""

    target = part_of(Target, "trajectory", _("target"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(
        _("planned value"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)]
    )

    objects = RestrictedQuerySet.as_manager()

    history = KeruenHistory()

    class Meta:
        verbose_name = _("trajectory point")
        verbose_name_plural = _("trajectory points")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="trajectory_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.year}: {self.value}"


class Observation(Record):
    """An actual value for one year or one quarter, with its source.

    Observations of one target add up: a breakdown by investor country (region, sector) is one
    observation per country, never in addition to the total of the same period.
    """

    target = part_of(Target, "observations", _("target"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Empty for a whole year."),
    )
    value_amount, value_currency, value_date, value_usd, value_fx = money_fields(
        _("value"),
        _("value currency"),
        _("value as of"),
        _("value, USD"),
        _("rate used for value"),
        required=True,
        signed=True,
        derived=False,  # converted to the target's currency by the services
        date_help=_("The date whose exchange rate converts the value; the period's last day."),
    )
    value_in_target = models.DecimalField(
        _("value in the target's currency or unit"),
        max_digits=20,
        decimal_places=2,
        editable=False,
    )
    conversion = models.CharField(_("conversion"), max_length=300, blank=True, editable=False)
    country = record_link("reference.Country", "+", _("investor country"))
    region = record_link("reference.Region", "+", _("region"))
    sector = record_link("reference.Sector", "+", _("sector"))
    source = record_link("core.Source", "observations", _("source"))
    source_text = models.CharField(
        _("source (as text)"),
        max_length=400,
        blank=True,
        help_text=_("Where the figure comes from, when it is not a recorded source."),
    )
    note = models.TextField(_("note"), blank=True)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["target", "year", "quarter", "id"]
        indexes = [models.Index(fields=["target", "year"])]

    def __str__(self) -> str:
        return f"{self.target.code} {self.period_label}: {self.value_amount}"

    @property
    def period_label(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def period_starts_on(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter or 1) - 2, 1)

    @property
    def period_ends_on(self) -> dt.date:
        return period_end(self.year, self.quarter)

    @property
    def source_label(self) -> str:
        return self.source.title if self.source is not None else self.source_text


def period_end(year: int, quarter: int | None) -> dt.date:
    if not quarter or quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


class StageProbability(models.Model):
    """How likely the remaining investment of a project at this stage is to arrive.

    Stages without a row use `keruen.targets.selectors.DEFAULT_STAGE_PROBABILITIES`.
    """

    stage = choice_field(_("stage"), Stage, unique=True)
    probability = models.DecimalField(
        _("probability"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("stage probability")
        verbose_name_plural = _("stage probabilities")
        ordering = ["stage"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.probability}"
