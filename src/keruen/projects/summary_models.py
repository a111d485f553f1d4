"""The summary tables the dashboard's figures are read from (`keruen.projects.cube`).

Projects that every reader sees alike — the same portfolios, confidentiality, regions and, for
restricted ones, the same curator and responsible body — share a `SummaryKey`. The cells add up
the counted projects of each key by stage and month; a reader's scope is a set of keys, so a
figure is a sum over a few thousand cells, whatever the number of projects. `ProjectFact` keeps
what each project last added, so that a write changes only the cells it moves.

"Advanced since a government meeting" is frozen the same way: `SummaryMeeting` lists the days of
the government meetings, each fact lists the meetings since which its project moved up the stage
ladder (its stage at the meeting, from its history, being frozen when the fact is written), and
`SummaryAdvancedCell` counts them per key and meeting.

Nothing else writes these tables: `cube.refresh_facts` (called by every service that writes a
project or what its key depends on) and `cube.rebuild` (`keruen rebuild-summary`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from keruen.core.models import Confidentiality

# Sums of many projects' USD amounts: room for 10,000 times the largest amount a project holds.
SUM_DIGITS = 24


class Amounts(models.Model):
    """The sums a project adds to its cells: investment, foreign investment, jobs planned,
    created and in construction."""

    inv = models.DecimalField(max_digits=SUM_DIGITS, decimal_places=2, default=0)
    foreign = models.DecimalField(max_digits=SUM_DIGITS, decimal_places=2, default=0)
    jobs = models.BigIntegerField(default=0)
    created = models.BigIntegerField(default=0)
    cjobs = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SummaryKey(models.Model):
    """What decides who sees a project and where it counts, shared by many projects."""

    signature = models.CharField(max_length=1000, unique=True)
    confidentiality = models.CharField(max_length=12, choices=Confidentiality.choices)
    # Only for restricted projects (the others are seen alike by every editor and officer).
    curator_id = models.BigIntegerField(null=True)
    responsible_body_id = models.BigIntegerField(null=True)
    n_regions = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["confidentiality"])]

    def __str__(self) -> str:
        return self.signature


class SummaryKeyRegion(models.Model):
    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="regions")
    region = models.ForeignKey("reference.Region", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "region"], name="summary_key_region_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key_id}: region {self.region_id}"


class SummaryKeyPortfolio(models.Model):
    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="portfolios")
    portfolio = models.ForeignKey("projects.Portfolio", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "portfolio"], name="summary_key_portfolio_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_id}: portfolio {self.portfolio_id}"


class Kind(models.TextChoices):
    COUNTED = "counted"
    IN_PARENT = "in_parent"  # not counted: a phase counted in its parent
    ELSEWHERE = "elsewhere"  # not counted, no parent


class ProjectFact(Amounts):
    """What one project adds to the cells (maintenance only; no reader sums these)."""

    project = models.OneToOneField(
        "projects.Project",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stage = models.CharField(max_length=20)
    since = models.DateField(null=True)
    #: Top-level sector ids and investor country ids, comma-separated.
    sectors = models.TextField(blank=True)
    countries = models.TextField(blank=True)
    #: The meetings (`meeting_number` of a `SummaryMeeting`) since which the project advanced,
    #: comma-separated.
    advanced = models.TextField(blank=True)

    class Meta:
        # `key` is indexed as a foreign key already.
        indexes = [models.Index(fields=["since"])]

    def __str__(self) -> str:
        return f"project {self.project_id}: {self.key_id} {self.kind} {self.stage}"


class SummaryCell(Amounts):
    """The projects of a key in one kind, stage, month of `stage_since` (`month`:
    year × 12 + month − 1, 0 when the date is not known)."""

    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="cells")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stage = models.CharField(max_length=20)
    month = models.IntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "kind", "stage", "month"], name="summary_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_id} {self.kind} {self.stage} {self.month}: {self.n}"


def meeting_number(day: dt.date) -> int:
    """A meeting's day as the number YYYYMMDD."""
    return day.year * 10000 + day.month * 100 + day.day


class SummaryMeeting(models.Model):
    """The day of one or more government meetings (`Event.Kind.MEETING`), whoever may see them:
    the facts say, for each, which projects advanced since."""

    day = models.DateField(unique=True)

    def __str__(self) -> str:
        return self.day.isoformat()


class SummaryAdvancedCell(models.Model):
    """The counted projects of a key that moved up the stage ladder since the government meeting
    of the day `meeting` (YYYYMMDD, `meeting_number`)."""

    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="+")
    meeting = models.IntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "meeting"], name="summary_advanced_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key_id} since {self.meeting}: {self.n}"


class KeyCount(models.Model):
    """The counted projects of a key in one group, and their investment."""

    key = models.ForeignKey(SummaryKey, on_delete=models.CASCADE, related_name="+")
    n = models.BigIntegerField(default=0)
    inv = models.DecimalField(max_digits=SUM_DIGITS, decimal_places=2, default=0)
    #: The name of the group's column, without `_id`.
    group = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.key_id} {self.group} {getattr(self, f'{self.group}_id')}: {self.n}"


class SummarySectorCell(KeyCount):
    """The counted projects of a key with a sector under this top-level sector."""

    group = "sector"
    # No constraint: a deleted sector's cells are emptied by the refresh that follows it.
    sector = models.ForeignKey(
        "reference.Sector", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "sector"], name="summary_sector_unique")
        ]


class SummaryCountryCell(KeyCount):
    """The counted projects of a key with an investor from this country."""

    group = "country"
    country = models.ForeignKey(
        "reference.Country", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "country"], name="summary_country_unique")
        ]
