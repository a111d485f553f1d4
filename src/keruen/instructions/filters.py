"""The filters of the instruction list, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.agreements.selectors import event_label
from keruen.instructions.models import Instruction
from keruen.instructions.selectors import InstructionFilters, instruction_list
from keruen.parties.selectors import organization_label
from keruen.web.filterforms import region_choices, search_field
from keruen.web.forms import Pick
from keruen.web.listing import Listing, style

YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


class InstructionFilterForm(forms.Form):
    q = search_field()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any")), *Instruction.Status.choices],
    )
    executor = forms.CharField(
        label=_("Executor"),
        required=False,
        widget=Pick(reverse_lazy("parties:lookup"), labels=organization_label),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Pick())
    meeting = forms.CharField(
        label=_("Meeting"),
        required=False,
        widget=Pick(reverse_lazy("agreements:event-lookup"), labels=event_label),
    )
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=YES_NO)
    escalated = forms.ChoiceField(label=_("Escalated"), required=False, choices=YES_NO)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["region"].choices = region_choices(_("any"))  # type: ignore[attr-defined]
        style(self)

    def filters(self) -> InstructionFilters:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}

        def yes_no(name: str) -> bool | None:
            value = data.get(name)
            return {"yes": True, "no": False}.get(value or "")

        return InstructionFilters(
            status=data.get("status") or None,
            executor=(data.get("executor") or "").strip() or None,
            region=(data.get("region") or "").strip().upper() or None,
            meeting=(data.get("meeting") or "").strip() or None,
            overdue=yes_no("overdue"),
            escalated=yes_no("escalated"),
            q=(data.get("q") or "").strip() or None,
        )


#: The instruction list, its page and its export, in the selector's order.
INSTRUCTION_LISTING = Listing(
    InstructionFilterForm, lambda user, form: instruction_list(user=user, filters=form.filters())
)
