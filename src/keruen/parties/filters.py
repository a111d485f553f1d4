"""Filters of the organization list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keruen.parties.models import Organization
from keruen.parties.selectors import ORGANIZATION_SORTS as SORTS
from keruen.parties.selectors import OrganizationFilters, organization_list
from keruen.web.filterforms import country_choices, search_field
from keruen.web.listing import Listing, style

#: ?sort= value → ordering.
ORGANIZATION_SORTS: dict[str, tuple[Any, ...]] = SORTS.page()


class OrganizationFilterForm(forms.Form):
    q = search_field(_("Name in any language or script, alias, abbreviation or code."))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Organization.Kind.choices]  # type: ignore[attr-defined]
        self.fields["country"].choices = country_choices("organizations", _("All countries"))  # type: ignore[attr-defined]
        style(self)

    def filters(self) -> OrganizationFilters:
        return OrganizationFilters.from_values(self.cleaned_data if self.is_valid() else {})


#: The organization list, its page and its export, sorted by name. Organizations are public
#: records: every reader sees them all, so the reader changes nothing.
ORGANIZATION_LISTING = Listing(
    OrganizationFilterForm,
    lambda user, form: organization_list(filters=form.filters()),
    ORGANIZATION_SORTS,
    "name",
)
