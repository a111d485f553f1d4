"""Projects, their investors and milestones, and the portfolios they are grouped in."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keruen.core.fields import (
    choice_field,
    code_field,
    part_of,
    record_link,
    record_links,
    state_field,
)
from keruen.core.models import (
    CodedRecord,
    KeruenHistory,
    NamedMixin,
    Record,
    money_fields,
    sources_field,
)
from keruen.parties.models import OrganizationRole


class Stage(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    AGREED = "agreed", _("agreed")
    PREPARATION = "preparation", _("preparation")
    CONSTRUCTION = "construction", _("construction")
    OPERATING = "operating", _("operating")
    SUSPENDED = "suspended", _("suspended")
    CANCELLED = "cancelled", _("cancelled")


#: Stage → OC4IDS projectStatus (codelist projectStatus.csv).
OC4IDS_STATUS = {
    Stage.ANNOUNCED: "identification",
    Stage.AGREED: "identification",
    Stage.PREPARATION: "preparation",
    Stage.CONSTRUCTION: "implementation",
    Stage.OPERATING: "completion",
    Stage.SUSPENDED: "implementation",
    Stage.CANCELLED: "cancelled",
}

#: Stage → IATI ActivityStatus (1 pipeline, 2 implementation, 3 finalisation, 4 closed,
#: 5 cancelled, 6 suspended).
IATI_STATUS = {
    Stage.ANNOUNCED: "1",
    Stage.AGREED: "1",
    Stage.PREPARATION: "1",
    Stage.CONSTRUCTION: "2",
    Stage.OPERATING: "3",
    Stage.SUSPENDED: "6",
    Stage.CANCELLED: "5",
}


class Portfolio(NamedMixin, Record):
    slug = code_field(80)
    description = models.TextField(_("description"), blank=True)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["slug"]


#: The project's indexed columns that its history copies without their index (see `history`).
HISTORY_UNINDEXED = [
    "code",
    "confidentiality",
    "stage",
    "parent",
    "curator",
    "responsible_body",
    "total_investment_currency",
    "total_investment_fx",
    "foreign_investment_currency",
    "foreign_investment_fx",
]


class Project(CodedRecord):
    description = models.TextField(_("description"), blank=True)
    stage = state_field(_("stage"), Stage, Stage.ANNOUNCED)
    stage_since = models.DateField(
        _("in this stage since"),
        null=True,
        blank=True,
        help_text=_("The day the project last moved to its current stage."),
    )
    regions = record_links("reference.Region", "projects", _("regions"))
    sectors = record_links("reference.Sector", "projects", _("sectors"))
    portfolios = record_links(Portfolio, "projects", _("portfolios"))

    (
        total_investment_amount,
        total_investment_currency,
        total_investment_date,
        total_investment_usd,
        total_investment_fx,
    ) = money_fields(
        _("total investment"),
        _("total investment currency"),
        _("total investment as of"),
        _("total investment, USD"),
        _("rate used for total investment"),
    )
    (
        foreign_investment_amount,
        foreign_investment_currency,
        foreign_investment_date,
        foreign_investment_usd,
        foreign_investment_fx,
    ) = money_fields(
        _("foreign investment"),
        _("foreign investment currency"),
        _("foreign investment as of"),
        _("foreign investment, USD"),
        _("rate used for foreign investment"),
    )

    jobs_planned = models.PositiveIntegerField(_("permanent jobs planned"), null=True, blank=True)
    jobs_created = models.PositiveIntegerField(_("permanent jobs created"), null=True, blank=True)
    construction_jobs_planned = models.PositiveIntegerField(
        _("construction jobs planned"), null=True, blank=True
    )
    construction_jobs_created = models.PositiveIntegerField(
        _("construction jobs created"), null=True, blank=True
    )

    responsible_body = record_link("parties.Organization", "responsible_for", _("responsible body"))
    curator = record_link(
        "parties.Organization",
        "curated_projects",
        _("curator"),
        help_text=_("The ministry or agency that follows the project."),
    )
    parent = record_link("self", "children", _("parent (umbrella) project"))
    counts_in_totals = models.BooleanField(
        _("counts in totals"),
        default=True,
        help_text=_("Off for a project already counted elsewhere, so nothing is counted twice."),
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("planned completion"), null=True, blank=True)
    schedule_approved_on = models.DateField(
        _("schedule approved on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the milestones' baseline was frozen (`project_approve_schedule`)."),
    )
    negotiation_notes = models.TextField(
        _("negotiation notes"),
        blank=True,
        help_text=_("Confidential: shown only to those who may see restricted fields."),
    )
    sources = sources_field("projects")

    # The history is read by project (`id`), date and user only: an index on any other column
    # copied from the project would be upkeep for every history row an import writes, and no
    # query reads it.
    history = KeruenHistory(
        m2m_fields=[regions, sectors, portfolios], no_db_index=HISTORY_UNINDEXED
    )

    class Meta(CodedRecord.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["counts_in_totals", "stage"]),
            # Every sort the list and the API offer (`PROJECT_SORTS`) and the date filters: a
            # page is read from the index, not a sort of every project. (Investment and jobs sort
            # empty values first: their indexes, in that order, are PostgreSQL's, migration 0006;
            # so is the one of the newest stage dates first, empty ones last, migration 0007.)
            # A stage holds a seventh of the projects: its ties broken by code ascending both
            # ways need an index each way (a backward scan would give them descending).
            models.Index(fields=["title", "code"], name="project_title_sort"),
            models.Index(fields=["stage", "code"], name="project_stage_sort"),
            models.Index(fields=["-stage", "code"], name="project_stage_desc_sort"),
            models.Index(fields=["stage_since", "code"], name="project_stage_since_sort"),
            models.Index(fields=["updated_at", "code"], name="project_updated_sort"),
            models.Index(fields=["confidentiality", "code"], name="project_confidentiality"),
            models.Index(fields=["foreign_investment_usd", "code"], name="project_foreign_sort"),
            models.Index(fields=["start_on", "code"], name="project_start_sort"),
            models.Index(fields=["end_on", "code"], name="project_end_sort"),
        ]

    page_url = "projects:detail"


class ProjectInvestor(OrganizationRole):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead investor")
        CO_INVESTOR = "co_investor", _("co-investor")
        OPERATOR = "operator", _("operator")
        LENDER = "lender", _("lender")
        CONTRACTOR = "contractor", _("contractor")

    project = part_of(Project, "investors", _("project"))
    organization = OrganizationRole.link("investments")
    role = choice_field(_("role"), Role, Role.LEAD)
    share = models.DecimalField(
        _("share, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["project__code", "-share", "organization__code"]
        constraints = [OrganizationRole.unique_role("project", "investor_unique_role")]


class Milestone(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement signed")
        LAND = "land", _("land allocated")
        DESIGN = "design", _("design and permits")
        FINANCING = "financing", _("financing closed")
        CONSTRUCTION_START = "construction_start", _("construction started")
        COMMISSIONING = "commissioning", _("commissioning")
        OTHER = "other", _("other")

    project = part_of(Project, "milestones", _("project"))
    kind = choice_field(_("kind"), Kind, max_length=30)
    title = models.CharField(_("title"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned"), null=True, blank=True)
    baseline_on = models.DateField(
        pgettext_lazy("milestone", "baseline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The planned date frozen when the project's schedule was approved."),
    )
    forecast_on = models.DateField(
        _("forecast"),
        null=True,
        blank=True,
        help_text=_("When the milestone is now expected; moves, the baseline does not."),
    )
    actual_on = models.DateField(_("actual"), null=True, blank=True)
    is_critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("Its slip moves the project's forecast completion."),
    )

    history = KeruenHistory()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project__code", "planned_on", "id"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


# The summary tables (`keruen.projects.cube`) live beside the projects they add up.
from keruen.projects.summary_models import (  # noqa: E402
    ProjectFact,
    SummaryAdvancedCell,
    SummaryCell,
    SummaryCountryCell,
    SummaryKey,
    SummaryKeyPortfolio,
    SummaryKeyRegion,
    SummaryMeeting,
    SummarySectorCell,
)

__all__ = [
    "Milestone",
    "Portfolio",
    "Project",
    "ProjectFact",
    "ProjectInvestor",
    "Stage",
    "SummaryAdvancedCell",
    "SummaryCell",
    "SummaryCountryCell",
    "SummaryKey",
    "SummaryKeyPortfolio",
    "SummaryKeyRegion",
    "SummaryMeeting",
    "SummarySectorCell",
]
