"""Events (forums, visits, councils, meetings), the agreements signed there, what they became."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    PageMixin,
    Record,
    TranslatedTitleMixin,
    money_fields,
    sources_field,
)
from keruen.parties.models import OrganizationRole


class Event(TranslatedTitleMixin, PageMixin, Record):
    class Kind(models.TextChoices):
        FORUM = "forum", _("forum")
        STATE_VISIT = "state_visit", _("state visit")
        BUSINESS_COUNCIL = "business_council", _("business council")
        MEETING = "meeting", _("government meeting")

    slug = code_field(80)
    kind = choice_field(_("kind"), Kind, db_index=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    region = record_link("reference.Region", "events", _("region"))
    country = record_link("reference.Country", "events", _("country"))
    description = models.TextField(_("description"), blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    participants = record_links("parties.Organization", "events", _("participants"))
    sources = sources_field("events")

    history = KeruenHistory(m2m_fields=[participants])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "slug"]

    page_url = "agreements:event"
    page_key = "slug"


class Agreement(CodedRecord):
    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental agreement")
        MOU = "mou", _("memorandum of understanding")
        COMMERCIAL = "commercial", _("commercial agreement")
        INVESTMENT = "investment", _("investment agreement")
        LOAN = "loan", _("loan agreement")

    class Status(models.TextChoices):
        SIGNED = "signed", _("signed")
        IN_PROGRESS = "in_progress", _("in implementation")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")

    kind = choice_field(_("kind"), Kind)
    status = state_field(_("status"), Status, Status.SIGNED)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    event = record_link(Event, "agreements", _("event"))
    region = record_link("reference.Region", "agreements", _("region"))
    sector = record_link("reference.Sector", "agreements", _("sector"))
    counterparty_country = record_link("reference.Country", "agreements", _("counterparty country"))
    value_amount, value_currency, value_date, value_usd, value_fx = money_fields(
        _("value"),
        _("value currency"),
        _("value as of"),
        _("value, USD"),
        _("rate used for value"),
        date_default="signed_on",
    )
    description = models.TextField(_("description"), blank=True)
    projects = record_links("projects.Project", "agreements", _("projects it became"))
    portfolios = record_links("projects.Portfolio", "agreements", _("portfolios"))
    sources = sources_field("agreements")

    history = KeruenHistory(m2m_fields=[projects, portfolios])

    class Meta(CodedRecord.Meta):
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    page_url = "agreements:detail"


class AgreementParty(OrganizationRole):
    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("signatory")
        INVESTOR = "investor", _("investor")
        GOVERNMENT = "government", _("government side")
        FINANCIER = "financier", _("financier")

    agreement = part_of(Agreement, "parties", _("agreement"))
    organization = OrganizationRole.link("agreement_parties")
    role = choice_field(_("role"), Role, Role.SIGNATORY)

    history = KeruenHistory()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement__code", "organization__code"]
        constraints = [OrganizationRole.unique_role("agreement", "party_unique_role")]
