"""The project list's filters, sorting and paging, read from the query string.

The form only parses and validates; the rows come from `selectors.project_list`, so the web list,
the API and the exports filter the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.core.models import Confidentiality
from keruen.parties.models import Organization
from keruen.parties.selectors import organization_label
from keruen.projects.figures import Coverage, Totals, totals_and_coverage
from keruen.projects.models import Project, ProjectInvestor, Stage
from keruen.projects.selectors import (
    PROJECT_SORTS,
    ProjectFilters,
    portfolio_list,
    project_list,
    project_stalled,
)
from keruen.reference.models import Sector
from keruen.web.filterforms import (
    country_choices,
    date_bound,
    region_choices,
    search_field,
    with_blank,
)
from keruen.web.forms import Pick
from keruen.web.listing import style
from keruen.web.templatetags.keruen_tags import ldate

#: ?sort= value → ordering (each ends with the code so pages are stable), and their labels.
SORTS: dict[str, tuple[Any, ...]] = PROJECT_SORTS.page()
SORT_LABELS = PROJECT_SORTS.labels()
PAGE_SIZES = (25, 50, 100)


class ProjectFilterForm(forms.Form):
    q = search_field(
        _("Code, title in any language, investor name or any spelling of it."),
        widget=forms.SearchInput,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    portfolio = forms.CharField(label=_("Portfolio"), required=False)
    investor = forms.CharField(
        label=_("Investor"),
        required=False,
        widget=Pick(reverse_lazy("parties:lookup"), labels=organization_label),
    )
    country = forms.ChoiceField(label=_("Investor country"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), required=False)
    start_from = date_bound(_("Starts on or after"))
    start_to = date_bound(_("Starts on or before"))
    stalled = forms.IntegerField(
        label=_("No progress for (months)"), required=False, min_value=1, max_value=240
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in PAGE_SIZES],
        empty_value=PAGE_SIZES[0],  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, portfolios: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["region"].choices = region_choices(str(_("All regions")))  # type: ignore[attr-defined]
        sectors = Sector.objects.select_related("parent").order_by("parent__code", "code")
        f["sector"].choices = with_blank(  # type: ignore[attr-defined]
            [
                (
                    s.code,
                    f"{s.parent.localized_name()} › {s.localized_name()}"
                    if s.parent
                    else s.localized_name(),
                )
                for s in sectors
            ],
            str(_("All sectors")),
        )
        f["stage"].choices = with_blank(Stage.choices, str(_("All stages")))  # type: ignore[attr-defined]
        f["country"].choices = country_choices(  # type: ignore[attr-defined]
            # An index probe per organization, not a join over every investment.
            Q(
                pk__in=Organization.objects.filter(
                    Exists(ProjectInvestor.objects.filter(organization=OuterRef("pk")))
                ).values("country_id")
            ),
            str(_("All countries")),
        )
        f["confidentiality"].choices = with_blank(  # type: ignore[attr-defined]
            Confidentiality.choices, str(_("Any"))
        )
        f["sort"].choices = [(k, v) for k, v in SORT_LABELS.items()]  # type: ignore[attr-defined]
        self.portfolios = list(portfolios)
        self.fields["portfolio"].widget = forms.Select(
            choices=with_blank(
                [(p.slug, p.localized_name()) for p in self.portfolios], str(_("All portfolios"))
            )
        )
        style(self)

    def filters(self) -> ProjectFilters:
        return ProjectFilters.from_values(self.cleaned_data if self.is_valid() else {})

    @property
    def stalled_months(self) -> int | None:
        return self.cleaned_data.get("stalled") if self.is_valid() else None

    @property
    def sort_key(self) -> str:
        key = self.cleaned_data.get("sort") if self.is_valid() else None
        return key if key in SORTS else "code"

    @property
    def page_size(self) -> int:
        size = self.cleaned_data.get("per_page") if self.is_valid() else None
        return size if size in PAGE_SIZES else PAGE_SIZES[0]

    def active(self) -> list[tuple[str, str, Any]]:
        """The filters in force, for the "remove this filter" chips: (name, label, value)."""
        if not self.is_valid():
            return []
        out = []
        for name in (
            "q",
            "region",
            "sector",
            "stage",
            "portfolio",
            "investor",
            "country",
            "confidentiality",
            "start_from",
            "start_to",
            "stalled",
        ):
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            shown = value
            if isinstance(field, forms.ChoiceField):
                shown = dict(field.choices).get(value, value)  # type: ignore[arg-type]
            elif name == "portfolio":
                shown = next(
                    (p.localized_name() for p in self.portfolios if p.slug == value), value
                )
            elif isinstance(value, dt.date):
                shown = ldate(value)
            out.append((name, str(field.label), shown))
        return out


def sort(qs: QuerySet[Project], key: str) -> QuerySet[Project]:
    return qs.order_by(*SORTS.get(key, SORTS["code"]))


def project_selection(request: HttpRequest) -> tuple[ProjectFilterForm, QuerySet[Project]]:
    """The rows the query string selects, sorted: the project list shows them a page at a time,
    its CSV/XLSX export (`keruen.reports`) writes them all."""
    return project_query_selection(request.user, request.GET)


def project_query_selection(user: Any, query: Any) -> tuple[ProjectFilterForm, QuerySet[Project]]:
    """`project_selection` of a query string's values (a saved view's) rather than a request."""
    form = ProjectFilterForm(query or None, portfolios=portfolio_list(user=user))
    qs = project_list(user=user, filters=form.filters())
    if form.stalled_months:
        qs = project_stalled(qs, months=form.stalled_months)
    return form, sort(qs, form.sort_key)


def selection_figures(
    request: HttpRequest, form: ProjectFilterForm, qs: QuerySet[Project]
) -> tuple[Totals, Coverage]:
    """The selection's totals and what the reader does not see of it (the counting rule of
    `projects.figures`): the list's footer and its export's totals row."""
    months = form.stalled_months
    narrow = (lambda q: project_stalled(q, months=months)) if months else None
    return totals_and_coverage(
        user=request.user, filters=form.filters(), projects=qs, narrow=narrow
    )
