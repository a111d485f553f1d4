"""Filters of the organization list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from keruen.parties.models import Organization
from keruen.parties.selectors import ORGANIZATION_SORTS as SORTS
from keruen.parties.selectors import OrganizationFilters, organization_list
from keruen.reference.models import Country
from keruen.web.filterforms import search_field
from keruen.web.listing import sort_key, style
from keruen.web.selection import SelectionTotals, selection_totals

#: ?sort= value → ordering.
ORGANIZATION_SORTS: dict[str, tuple[Any, ...]] = SORTS.page()


class OrganizationFilterForm(forms.Form):
    q = search_field(_("Name in any language or script, alias, abbreviation or code."))
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

    def filters(self) -> OrganizationFilters:
        return OrganizationFilters.from_values(self.cleaned_data if self.is_valid() else {})


def organization_selection(
    request: HttpRequest, user: Any, form: OrganizationFilterForm | None = None
) -> QuerySet[Organization]:
    """The organizations the query string (read by `form`, when the caller has it already)
    selects, sorted: the list shows them a page at a time, its export (`keruen.reports`) writes
    them all. Organizations are public records: every reader sees them all, so `user` changes
    nothing."""
    form = form or OrganizationFilterForm(request.GET or None)
    qs = organization_list(filters=form.filters())
    return qs.order_by(*ORGANIZATION_SORTS[sort_key(request, ORGANIZATION_SORTS, "name")])


def organization_totals(
    request: HttpRequest, form: OrganizationFilterForm | None = None
) -> SelectionTotals:
    """The selection's count: the list's footer and its export's totals row."""
    form = form or OrganizationFilterForm(request.GET or None)
    return selection_totals(
        lambda user: organization_selection(request, user, form), user=request.user
    )
