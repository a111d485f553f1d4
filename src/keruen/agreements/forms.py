"""Create and edit events and agreements. The forms collect and parse, references picked by
name; `services.event_*` / `agreement_*` validate and write, their errors come back onto fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.services import (
    AGREEMENT_FIELDS,
    AGREEMENT_RELATIONS,
    EVENT_FIELDS,
    PartyInput,
)
from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.models import Country, Currency, Region, Sector
from keruen.web.forms import DATE, EditForm, MoneyField, pick, pick_many, text_area

ORGANIZATIONS = reverse_lazy("parties:lookup")


class TitlesForm(EditForm):
    title = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)


class EventForm(TitlesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    starts_on = forms.DateField(label=_("Date"), widget=DATE)
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    region = pick(_("Region"), Region.objects.order_by("code"), "code")
    country = pick(_("Country"), Country.objects.order_by("code"), "code")
    chair = forms.CharField(label=_("Chair"), max_length=200, required=False)
    participants = pick_many(
        _("Participants"), Organization.objects.all(), "code", url=ORGANIZATIONS
    )
    description = text_area(_("Description"))
    is_illustrative = forms.BooleanField(label=_("Illustrative (invented)"), required=False)

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        data = {n: getattr(event, n) for n in EVENT_FORM_FIELDS if n not in REFERENCES}
        data["region"] = event.region.code if event.region else None
        data["country"] = event.country.code if event.country else None
        data["participants"] = [o.code for o in event.participants.all()]
        return data


class AgreementForm(TitlesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)
    event = pick(
        _("Event"), Event.objects.none(), "slug", url=reverse_lazy("agreements:event-lookup")
    )
    region = pick(_("Region"), Region.objects.order_by("code"), "code")
    sector = pick(_("Sector"), Sector.objects.order_by("code"), "code")
    counterparty_country = pick(_("Counterparty country"), Country.objects.order_by("code"), "code")
    value_amount = MoneyField(
        label=_("Value"), required=False, currency="value_currency", date="value_date"
    )
    value_currency = pick(_("Currency"), Currency.objects.order_by("code"), "code")
    value_date = forms.DateField(
        label=_("Value as of"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the date it was signed."),
    )
    parties = pick_many(_("Parties"), Organization.objects.all(), "code", url=ORGANIZATIONS)
    projects = pick_many(
        _("Projects it became"),
        Project.objects.none(),
        "code",
        url=reverse_lazy("projects:lookup"),
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    description = text_area(_("Description"))
    is_illustrative = forms.BooleanField(label=_("Illustrative (invented)"), required=False)

    def __init__(self, *args: Any, events: Any, projects: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["projects"].queryset = projects  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(agreement: Agreement) -> dict[str, Any]:
        data = {n: getattr(agreement, n) for n in AGREEMENT_FORM_FIELDS if n not in REFERENCES}
        for name, key in (
            ("event", "slug"),
            ("region", "code"),
            ("sector", "code"),
            ("counterparty_country", "code"),
            ("value_currency", "code"),
        ):
            ref = getattr(agreement, name)
            data[name] = getattr(ref, key) if ref else None
        data["projects"] = [p.code for p in agreement.projects.all()]
        data["parties"] = sorted({p.organization.code for p in agreement.parties.all()})
        return data

    def party_inputs(self) -> list[PartyInput] | None:
        """The parties chosen, keeping the role of those already on the agreement."""
        if self.instance is not None and "parties" not in self.changed_data:
            return None
        roles: dict[int, list[str]] = {}
        if isinstance(self.instance, Agreement):
            for p in AgreementParty.objects.filter(agreement=self.instance):
                roles.setdefault(p.organization_id, []).append(p.role)
        return [
            PartyInput(organization=org, role=role)
            for org in self.cleaned_data["parties"]
            for role in roles.get(org.pk, [AgreementParty.Role.SIGNATORY])
        ]


#: The references the forms carry by key (set from the object's related records).
REFERENCES = {
    "event",
    "region",
    "sector",
    "country",
    "counterparty_country",
    "value_currency",
    "participants",
    "projects",
    "parties",
}
#: Form field → service keyword (the same names).
EVENT_FORM_FIELDS = [n for n in EventForm.base_fields if n in EVENT_FIELDS | {"participants"}]
AGREEMENT_FORM_FIELDS = [
    n for n in AgreementForm.base_fields if n in AGREEMENT_FIELDS | AGREEMENT_RELATIONS
]
