"""Create and edit an initiative, and record a move of its status. The forms collect and parse;
the services validate and write, and their errors come back onto the fields. Both are `EditForm`s:
the reader gives the reason kept in the history, and a version opened before someone else's
change is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keruen.agreements.models import Event
from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.models import Country, Currency, Region, Sector
from keruen.regions.models import Readiness
from keruen.regions.services import INITIATIVE_FIELDS, INITIATIVE_RELATIONS
from keruen.web.forms import DATE, EditForm, MoneyField, Pick, pick, pick_many, text_area


class InitiativeForm(EditForm):
    region = pick(_("Region"), Region.objects.order_by("code"), "code", required=True)
    title = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)
    description = text_area(_("Description"))
    sectors = pick_many(_("Sectors"), Sector.objects.order_by("code"), "code")
    partner_countries = pick_many(
        _("Partner countries sought"), Country.objects.order_by("code"), "code"
    )
    investment_amount = MoneyField(
        label=_("Estimated investment"),
        required=False,
        currency="investment_currency",
        date="investment_date",
    )
    investment_currency = forms.ModelChoiceField(
        label=_("Currency"),
        queryset=Currency.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    investment_date = forms.DateField(label=_("As of"), required=False, widget=DATE)
    jobs_planned = forms.IntegerField(label=_("Jobs expected"), required=False, min_value=0)
    land = forms.ChoiceField(label=_("Land plot"), choices=Readiness.choices)
    utilities = forms.ChoiceField(label=_("Utilities"), choices=Readiness.choices)
    permits = forms.ChoiceField(label=_("Permits"), choices=Readiness.choices)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)

    def __init__(self, *args: Any, regions: Any = None, editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if editing:
            del self.fields["region"]  # an initiative stays in its region

    def values(self) -> dict[str, Any]:
        """The cleaned data as service keywords."""
        return {name: self.cleaned_data[name] for name in FIELDS if name in self.cleaned_data}


#: Form fields passed to the services under the same names (relations as records).
FIELDS = [n for n in InitiativeForm.base_fields if n in INITIATIVE_FIELDS | INITIATIVE_RELATIONS]


class TransitionForm(EditForm):
    """What a move records: the event (present), the investor (match), the project (convert).
    `instance` is the initiative, whose version the detail page carries into each move's form."""

    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.order_by("-starts_on"),
        required=False,
        to_field_name="slug",
        widget=Pick(reverse_lazy("agreements:event-lookup")),
    )
    investor = forms.ModelChoiceField(
        label=_("Investor"),
        queryset=Organization.objects.filter(
            kind__in=[
                Organization.Kind.COMPANY,
                Organization.Kind.BANK,
                Organization.Kind.FUND,
                Organization.Kind.OTHER,
            ]
        ).order_by("name"),
        required=False,
        to_field_name="code",
        widget=Pick(reverse_lazy("parties:lookup")),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        to_field_name="code",
        widget=Pick(reverse_lazy("projects:lookup")),
    )
    on = forms.DateField(label=_("On"), required=False, widget=DATE)

    def __init__(self, *args: Any, projects: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if projects is not None:
            self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["event"].queryset = Event.objects.filter(  # type: ignore[attr-defined]
            starts_on__lte=timezone.localdate()
        ).order_by("-starts_on")
