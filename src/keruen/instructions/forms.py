"""Forms of the instruction pages: a progress report, the coordinators' actions, and issuing or
editing an instruction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import agreement_list, event_list
from keruen.instructions.models import Instruction
from keruen.instructions.services import FIELDS, RELATIONS
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.projects.selectors import project_list
from keruen.reference.models import Region
from keruen.web.forms import DATE, EditForm, pick, pick_many, text_area
from keruen.web.listing import style

ORGANIZATIONS = reverse_lazy("parties:lookup")
EVENTS = reverse_lazy("agreements:event-lookup")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so the templates stay plain `{{ form.as_div }}`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ReportForm(StyledForm):
    text = text_area(_("Progress"), required=True)
    links = text_area(_("Links"), rows=2, help_text=_("One web address per line."))
    attachment = forms.FileField(label=_("Attachment"), required=False)
    final = forms.BooleanField(label=_("Done: report the instruction executed"), required=False)

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class CloseForm(StyledForm):
    reason = text_area(_("Reason for removal from control"), rows=2, required=True)


class ExtendForm(StyledForm):
    new_deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = text_area(_("Reason"), rows=2, required=True)


class EscalateForm(StyledForm):
    reason = text_area(_("Why it goes to the next meeting"), rows=2)
    escalated = forms.BooleanField(label=_("On the next meeting's agenda"), required=False)


class InstructionForm(EditForm):
    """Issue or edit an instruction (coordinators): text in three languages, the lead and the
    co-executors by name, the deadline (moved later only by an extension), what it concerns."""

    text = text_area(_("Text (English)"), required=True)
    text_ru = text_area(_("Text (Russian)"))
    text_kk = text_area(_("Text (Kazakh)"))
    expected_result = text_area(_("Expected result"), rows=2)
    event = pick(_("Meeting"), Event.objects.none(), "slug", url=EVENTS)
    lead_executor = pick(
        _("Lead executor"), Organization.objects.all(), "code", url=ORGANIZATIONS, required=True
    )
    co_executors = pick_many(
        _("Co-executors"), Organization.objects.all(), "code", url=ORGANIZATIONS
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    regions = pick_many(_("Regions"), Region.objects.order_by("code"), "code")
    projects = pick_many(
        _("Projects"), Project.objects.none(), "code", url=reverse_lazy("projects:lookup")
    )
    agreements = pick_many(
        _("Agreements"), Agreement.objects.none(), "code", url=reverse_lazy("agreements:lookup")
    )

    def __init__(self, *args: Any, user: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        f = self.fields
        f["event"].queryset = event_list(user=user)  # type: ignore[attr-defined]
        f["projects"].queryset = project_list(user=user)  # type: ignore[attr-defined]
        f["agreements"].queryset = agreement_list(user=user)  # type: ignore[attr-defined]
        if self.instance is not None:
            f["deadline"].disabled = True
            f["deadline"].help_text = _("Moved by an extension, with its reason.")

    @staticmethod
    def initial_for(i: Instruction) -> dict[str, Any]:
        data: dict[str, Any] = {
            n: getattr(i, n) for n in ("text", "text_ru", "text_kk", "expected_result", "deadline")
        }
        data["event"] = i.event.slug if i.event else None
        data["lead_executor"] = i.lead_executor.code
        data["co_executors"] = [o.code for o in i.co_executors.all()]
        data["regions"] = [r.code for r in i.regions.all()]
        data["projects"] = [p.code for p in i.projects.all()]
        data["agreements"] = [a.code for a in i.agreements.all()]
        return data


#: Form field → service keyword (the same names).
INSTRUCTION_FORM_FIELDS = [n for n in InstructionForm.base_fields if n in FIELDS | RELATIONS]
