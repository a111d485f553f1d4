"""Initiatives: what a region (its akimat) puts forward to attract investors.

An initiative moves draft → submitted → presented (at an event) → matched (with an investor) →
became_project, or is withdrawn; `keruen.regions.services` holds the moves and who may make them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, record_link, record_links, state_field
from keruen.core.models import CodedRecord, KeruenHistory, money_fields, sources_field


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    PRESENTED = "presented", _("presented")
    MATCHED = "matched", _("matched")
    BECAME_PROJECT = "became_project", _("became a project")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Readiness(models.TextChoices):
    NONE = "none", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    READY = "ready", _("ready")


class Initiative(CodedRecord):
    region = record_link("reference.Region", "initiatives", _("region"), required=True)
    sectors = record_links("reference.Sector", "initiatives", _("sectors"))
    description = models.TextField(_("description"), blank=True)

    investment_amount, investment_currency, investment_date, investment_usd, investment_fx = (
        money_fields(
            _("estimated investment"),
            _("estimated investment currency"),
            _("estimated investment as of"),
            _("estimated investment, USD"),
            _("rate used for estimated investment"),
        )
    )
    jobs_planned = models.PositiveIntegerField(_("jobs expected"), null=True, blank=True)

    land = choice_field(_("land plot"), Readiness, Readiness.NONE, max_length=12)
    utilities = choice_field(_("utilities"), Readiness, Readiness.NONE, max_length=12)
    permits = choice_field(_("permits"), Readiness, Readiness.NONE, max_length=12)
    partner_countries = record_links(
        "reference.Country", "initiatives", _("partner countries sought")
    )

    status = state_field(_("status"), InitiativeStatus, InitiativeStatus.DRAFT)
    status_since = models.DateField(_("in this status since"), null=True, blank=True)
    event = record_link("agreements.Event", "initiatives", _("presented at"))
    investor = record_link("parties.Organization", "matched_initiatives", _("investor matched"))
    project = record_link("projects.Project", "initiatives", _("project it became"))
    sources = sources_field("initiatives")

    history = KeruenHistory(m2m_fields=[sectors, partner_countries])

    class Meta(CodedRecord.Meta):
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    page_url = "regions:initiative"
