"""Filters of the organization list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from keruen.parties.models import Organization
from keruen.reference.models import Country
from keruen.web.listing import style

ORGANIZATION_SORTS: dict[str, tuple[Any, ...]] = {
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "code"),
    "-name": ("-name", "code"),
    "kind": ("kind", "code"),
    "-kind": ("-kind", "code"),
}


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name in any language or script, alias, abbreviation or code."),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Organization.Kind.choices]  # type: ignore[attr-defined]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("All countries")),
            *[
                (c.code, c.localized_name())
                for c in Country.objects.filter(organizations__isnull=False)
                .distinct()
                .order_by("code")
            ],
        ]
        style(self)

    def value(self, name: str) -> str | None:
        return (self.cleaned_data.get(name) or "").strip() or None if self.is_valid() else None

    def narrow(self, qs: QuerySet[Organization]) -> QuerySet[Organization]:
        country = self.value("country")
        return qs.filter(country__code=country) if country else qs
