"""Forms of the instruction pages: a progress report, and the coordinators' actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keruen.web.listing import style


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so the templates stay plain `{{ form.as_div }}`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ReportForm(StyledForm):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address per line."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    final = forms.BooleanField(label=_("Done: report the instruction executed"), required=False)

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class CloseForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for removal from control"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(StyledForm):
    new_deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(StyledForm):
    reason = forms.CharField(
        label=_("Why it goes to the next meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    escalated = forms.BooleanField(label=_("On the next meeting's agenda"), required=False)
