"""Create and edit a project. The form collects and parses; `services.project_create` /
`project_update` validate and write, and their errors come back onto the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor, Stage
from keruen.projects.services import PROJECT_FIELDS, PROJECT_RELATIONS, InvestorInput
from keruen.reference.models import Currency, Region, Sector
from keruen.web.forms import DATE, EditForm, MoneyField, PickMany, pick, text_area

RESTRICTED = {"negotiation_notes"}


def _money_inputs(label: Any, name: str) -> tuple[MoneyField, forms.ChoiceField, forms.DateField]:
    """The inputs of the model's money group `name` (`money_fields`): amount, currency (its
    choices set by the form) and the date it is as of."""
    return (
        MoneyField(label=label, required=False, currency=f"{name}_currency", date=f"{name}_date"),
        forms.ChoiceField(label=_("Currency"), required=False),
        forms.DateField(label=_("As of"), required=False, widget=DATE),
    )


class ProjectForm(EditForm):
    title = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)
    description = text_area(_("Description"))
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    stage_since = forms.DateField(label=_("In this stage since"), required=False, widget=DATE)
    regions = forms.MultipleChoiceField(label=_("Regions"), required=False, widget=PickMany())
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False, widget=PickMany())
    portfolios = forms.MultipleChoiceField(label=_("Portfolios"), required=False, widget=PickMany())
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    total_investment_amount, total_investment_currency, total_investment_date = _money_inputs(
        _("Total investment"), "total_investment"
    )
    foreign_investment_amount, foreign_investment_currency, foreign_investment_date = _money_inputs(
        _("Foreign investment"), "foreign_investment"
    )
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
    responsible_body = pick(
        _("Responsible body"),
        Organization.objects.none(),
        "code",
        url=reverse_lazy("parties:lookup"),
    )
    curator = pick(
        _("Curator"), Organization.objects.none(), "code", url=reverse_lazy("parties:lookup")
    )
    counts_in_totals = forms.BooleanField(
        label=_("Counts in totals"),
        required=False,
        initial=True,
        help_text=_("Off for a project already counted elsewhere, so nothing is counted twice."),
    )
    start_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("Planned completion"), required=False, widget=DATE)
    negotiation_notes = text_area(
        _("Negotiation notes"),
        help_text=_("Confidential: shown only to those who may see restricted fields."),
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
        for name in ("responsible_body", "curator"):
            org = getattr(project, name)
            data[name] = org.code if org else None
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


#: Form field → service keyword (the same names; relations go as codes), in the form's order.
FIELDS = [n for n in ProjectForm.base_fields if n in PROJECT_FIELDS | PROJECT_RELATIONS]


class InvestorsForm(EditForm):
    """Add an investor (by name) with its role and share, or take investors off the project."""

    organization = pick(
        _("Investor"), Organization.objects.all(), "code", url=reverse_lazy("parties:lookup")
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProjectInvestor.Role.choices)
    share = forms.DecimalField(
        label=_("Share, %"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    remove = forms.MultipleChoiceField(
        label=_("Take off the project"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, project: Project, **kw: Any) -> None:
        super().__init__(*args, instance=project, **kw)
        self.current = list(project.investors.select_related("organization"))
        self.fields["remove"].choices = [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.organization.localized_name()} · {i.get_role_display()}")
            for i in self.current
        ]
        self.fields["remove"].widget.attrs["class"] = "form-check-input"

    def investors(self) -> list[InvestorInput]:
        """Those kept, with the one added (or its new share when it is already there)."""
        removed = set(self.cleaned_data["remove"])
        out = {
            (i.organization_id, i.role): InvestorInput(i.organization, i.role, i.share)
            for i in self.current
            if str(i.pk) not in removed
        }
        org = self.cleaned_data.get("organization")
        if org is not None:
            role = self.cleaned_data["role"]
            out[(org.pk, role)] = InvestorInput(org, role, self.cleaned_data.get("share"))
        return list(out.values())


class MilestoneForm(EditForm):
    kind = forms.ChoiceField(label=_("Milestone"), choices=Milestone.Kind.choices)
    title = forms.CharField(label=_("Description"), max_length=200, required=False)
    planned_on = forms.DateField(label=_("Planned"), required=False, widget=DATE)
    forecast_on = forms.DateField(
        label=_("Forecast"),
        required=False,
        widget=DATE,
        help_text=_("When it is now expected. The baseline, once approved, does not move."),
    )
    actual_on = forms.DateField(label=_("Actual"), required=False, widget=DATE)
    is_critical = forms.BooleanField(
        label=_("Critical: its slip moves the project's forecast completion"), required=False
    )
