"""Forms of the review pages: ingest pasted text; accept, correct or reject a fact."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import event_label
from keruen.ingest.services import AcceptTarget
from keruen.parties.models import Organization
from keruen.parties.selectors import organization_label
from keruen.projects.models import Project
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.web.forms import Pick
from keruen.web.listing import style


def _label(model: type[models.Model], key: str, value: str) -> str:
    obj = model._default_manager.filter(**{key: value}).first()
    return str(obj) if obj else value


class PasteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400)
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), max_length=200_000
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


class CorrectForm(forms.Form):
    value = forms.DecimalField(
        label=_("Value"), required=False, min_value=0, max_digits=24, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    reason = forms.CharField(label=_("Why"), max_length=500)


class AcceptForm(forms.Form):
    """Which record the fact is about: an existing one by its code, or a new one."""

    project = forms.CharField(
        label=_("Project"),
        required=False,
        max_length=40,
        widget=Pick(reverse_lazy("projects:lookup"), labels=lambda c: _label(Project, "code", c)),
    )
    new_project_title = forms.CharField(
        label=_("or a new project titled"), required=False, max_length=300
    )
    agreement = forms.CharField(
        label=_("Agreement"),
        required=False,
        max_length=40,
        widget=Pick(
            reverse_lazy("agreements:lookup"), labels=lambda c: _label(Agreement, "code", c)
        ),
    )
    new_agreement_title = forms.CharField(
        label=_("or a new agreement titled"), required=False, max_length=300
    )
    new_agreement_kind = forms.ChoiceField(
        label=_("kind"),
        choices=Agreement.Kind.choices,
        initial=Agreement.Kind.COMMERCIAL,
        required=False,
    )
    event = forms.CharField(
        label=_("Event"),
        required=False,
        max_length=80,
        widget=Pick(reverse_lazy("agreements:event-lookup"), labels=event_label),
    )
    new_event_title = forms.CharField(
        label=_("or a new event titled"), required=False, max_length=300
    )
    new_event_slug = forms.SlugField(label=_("its code"), required=False, max_length=80)
    new_event_kind = forms.ChoiceField(
        label=_("kind"), choices=Event.Kind.choices, required=False, initial=Event.Kind.FORUM
    )
    new_event_date = forms.DateField(
        label=_("date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    organization = forms.CharField(
        label=_("Organization"),
        required=False,
        max_length=80,
        widget=Pick(reverse_lazy("parties:lookup"), labels=organization_label),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    @classmethod
    def for_fact(cls, fact: Any, *, user: Any) -> AcceptForm:
        """Prefilled with what the extractor matched: the company, and its project when it
        invests in exactly one that the reviewer may see."""
        initial: dict[str, Any] = {}
        if fact.organization_id:
            initial["organization"] = fact.organization.code
            projects = list(
                project_list(
                    user=user, filters=ProjectFilters(investor=fact.organization.code)
                ).values_list("code", flat=True)[:2]
            )
            if len(projects) == 1:
                initial["project"] = projects[0]
        form = cls(initial=initial, auto_id=f"fact{fact.pk}_%s")
        style(form)
        return form

    def target(self) -> AcceptTarget:
        d: dict[str, Any] = self.cleaned_data
        t = AcceptTarget()
        lookups = [
            ("project", Project, "code"),
            ("agreement", Agreement, "code"),
            ("event", Event, "slug"),
            ("organization", Organization, "code"),
        ]
        for name, model, key in lookups:
            if d.get(name):
                obj = model._default_manager.filter(**{key: d[name].strip()}).first()
                if obj is None:
                    raise ValidationError({name: _("No such code: %(code)s.") % {"code": d[name]}})
                setattr(t, name, obj)
        if d.get("new_project_title"):
            t.new_project = {"title": d["new_project_title"]}
        if d.get("new_agreement_title"):
            t.new_agreement = {
                "title": d["new_agreement_title"],
                "kind": d.get("new_agreement_kind") or Agreement.Kind.COMMERCIAL,
            }
        if d.get("new_event_title"):
            if not d.get("new_event_slug") or not d.get("new_event_date"):
                raise ValidationError({"new_event_slug": _("A new event needs its code and date.")})
            t.new_event = {
                "title": d["new_event_title"],
                "slug": d["new_event_slug"],
                "kind": d.get("new_event_kind") or Event.Kind.FORUM,
                "starts_on": d["new_event_date"],
            }
        return t
