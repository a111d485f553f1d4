"""Forms of the issue pages: raising an issue, and the moves of its life."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from keruen.blockers.models import Category, Issue, Level
from keruen.parties.models import Organization
from keruen.web.forms import text_area
from keruen.web.listing import style


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class IssueFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *Issue.Status.choices]
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("any")), *Level.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label=_("any"),
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=10)
    project = forms.CharField(label=_("Project"), required=False, max_length=40)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        category = data.get("category")
        return {
            "status": data.get("status") or None,
            "level": data.get("level") or None,
            "category": category.code if category else None,
            "region": data.get("region") or None,
            "project": data.get("project") or None,
            "overdue": True if data.get("overdue") else None,
        }


class RaiseForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="code"
    )
    receiving_body = forms.ModelChoiceField(
        label=_("Receiving body"),
        queryset=Organization.objects.filter(
            kind__in=["akimat", "ministry", "agency", "state_body"]
        ).order_by("name"),
        to_field_name="code",
    )
    description = text_area(_("Description (English)"))
    description_ru = text_area(_("Description (Russian)"))
    description_kk = text_area(_("Description (Kazakh)"))
    raised_for = forms.ModelChoiceField(
        label=_("On behalf of (investor)"),
        required=False,
        queryset=Organization.objects.filter(kind="company").order_by("name"),
        to_field_name="code",
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class RequiredReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ResolveForm(StyledForm):
    resolution = text_area(_("What was done"), rows=2, required=True)


class ConfirmForm(StyledForm):
    resolved = forms.TypedChoiceField(
        label=_("Resolved?"),
        choices=[("1", _("Yes: confirm the resolution")), ("0", _("No: back in progress"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class InstructionForm(StyledForm):
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.SlugField(label=_("Meeting (code)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The example is a code, the same in every language: marked so inside the sentence.
        example = format_html('<span translate="no">{}</span>', "pm-meeting-2025-06-25")
        self.fields["meeting"].help_text = format_html(str(_("e.g. {code}")), code=example)
