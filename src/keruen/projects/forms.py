"""Create and edit a project. The form collects and parses; `services.project_create` /
`project_update` validate and write, and their errors come back onto the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project, Stage
from keruen.projects.services import PROJECT_FIELDS, PROJECT_RELATIONS
from keruen.reference.models import Currency, Region, Sector
from keruen.web.listing import style

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

RESTRICTED = {"negotiation_notes"}


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    stage_since = forms.DateField(label=_("In this stage since"), required=False, widget=DATE)
    regions = forms.MultipleChoiceField(
        label=_("Regions"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    portfolios = forms.MultipleChoiceField(
        label=_("Portfolios"), required=False, widget=forms.SelectMultiple(attrs={"size": 3})
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    total_investment_amount = forms.DecimalField(
        label=_("Total investment"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    total_investment_currency = forms.ChoiceField(label=_("Currency"), required=False)
    total_investment_date = forms.DateField(label=_("As of"), required=False, widget=DATE)
    foreign_investment_amount = forms.DecimalField(
        label=_("Foreign investment"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
    )
    foreign_investment_currency = forms.ChoiceField(label=_("Currency"), required=False)
    foreign_investment_date = forms.DateField(label=_("As of"), required=False, widget=DATE)
    jobs_planned = forms.IntegerField(
        label=_("Permanent jobs planned"), required=False, min_value=0
    )
    jobs_created = forms.IntegerField(
        label=_("Permanent jobs created"), required=False, min_value=0
    )
    construction_jobs_planned = forms.IntegerField(
        label=_("Construction jobs planned"), required=False, min_value=0
    )
    construction_jobs_created = forms.IntegerField(
        label=_("Construction jobs created"), required=False, min_value=0
    )
    responsible_body = forms.ModelChoiceField(
        label=_("Responsible body"), queryset=Organization.objects.none(), required=False
    )
    curator = forms.ModelChoiceField(
        label=_("Curator"), queryset=Organization.objects.none(), required=False
    )
    counts_in_totals = forms.BooleanField(
        label=_("Counts in totals"),
        required=False,
        initial=True,
        help_text=_("Off for a project already counted elsewhere, so nothing is counted twice."),
    )
    start_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("Planned completion"), required=False, widget=DATE)
    negotiation_notes = forms.CharField(
        label=_("Negotiation notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Confidential: shown only to those who may see restricted fields."),
    )
    reason = forms.CharField(
        label=_("Why (source or comment)"),
        max_length=500,
        help_text=_("Kept in the history with your name."),
    )

    def __init__(self, *args: Any, show_restricted: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["regions"].choices = [  # type: ignore[attr-defined]
            (r.code, r.localized_name()) for r in Region.objects.order_by("code")
        ]
        f["sectors"].choices = [  # type: ignore[attr-defined]
            (s.code, s.localized_name()) for s in Sector.objects.order_by("code")
        ]
        f["portfolios"].choices = [  # type: ignore[attr-defined]
            (p.slug, p.localized_name()) for p in Portfolio.objects.order_by("slug")
        ]
        currencies = [("", "—")] + [
            (c, c) for c in Currency.objects.order_by("code").values_list("code", flat=True)
        ]
        f["total_investment_currency"].choices = currencies  # type: ignore[attr-defined]
        f["foreign_investment_currency"].choices = currencies  # type: ignore[attr-defined]
        orgs = Organization.objects.exclude(kind=Organization.Kind.COMPANY).order_by("name")
        f["responsible_body"].queryset = orgs  # type: ignore[attr-defined]
        f["curator"].queryset = orgs  # type: ignore[attr-defined]
        if not show_restricted:
            del f["negotiation_notes"]
        style(self, small=False)

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                w = self.fields[name].widget
                if "is-invalid" not in w.attrs.get("class", ""):
                    w.attrs["class"] = w.attrs.get("class", "") + " is-invalid"

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(project, name)
            for name in FIELDS
            if name not in {"regions", "sectors", "portfolios", "responsible_body", "curator"}
            and not name.endswith("_currency")
        }
        data["total_investment_currency"] = project.total_investment_currency_id or ""
        data["foreign_investment_currency"] = project.foreign_investment_currency_id or ""
        data["responsible_body"] = project.responsible_body_id
        data["curator"] = project.curator_id
        data["regions"] = [r.code for r in project.regions.all()]
        data["sectors"] = [s.code for s in project.sectors.all()]
        data["portfolios"] = [p.slug for p in project.portfolios.all()]
        return data

    def values(self, *, only_changed: bool) -> dict[str, Any]:
        """The service keywords from the cleaned data (for an edit: only what changed)."""
        names = [n for n in FIELDS if n in self.fields]
        if only_changed:
            names = [n for n in names if n in self.changed_data]
        out = {}
        for n in names:
            v = self.cleaned_data.get(n)
            if n.endswith("_currency"):
                v = v or None
            out[n] = v
        return out

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (the rest at the top)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            target = field if field in self.fields else None
            for e in errors:
                self.add_error(target, e)
        self.mark_invalid()


#: Form field → service keyword (the same names; relations go as codes), in the form's order.
FIELDS = [n for n in ProjectForm.base_fields if n in PROJECT_FIELDS | PROJECT_RELATIONS]
