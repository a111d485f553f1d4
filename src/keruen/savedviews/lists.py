"""The lists a view can be saved from. Each list's query string is read by that list's own
filter form, which hands its values to the selector's `*Filters` dataclass: a saved view has no
vocabulary of its own, and a stored query the form refuses is reported, never applied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from keruen.agreements.filters import AgreementFilterForm
from keruen.blockers.forms import IssueFilterForm
from keruen.instructions.filters import InstructionFilterForm
from keruen.projects.filters import ProjectFilterForm
from keruen.projects.selectors import portfolio_list

#: Query parameters of a list page that are not filters and are not saved.
NOT_SAVED = {"page", "partial"}


@dataclass(frozen=True)
class ListKind:
    name: str  # "projects"
    label: Any  # what users read
    url: str  # the list page's URL name
    form: Callable[[Any, QueryDict], forms.Form]  # the list's own filter form, bound
    export: str | None = None  # the URL name of its CSV export (reports.exports), if any


LISTS: dict[str, ListKind] = {
    k.name: k
    for k in [
        ListKind(
            "projects",
            _("Projects"),
            "projects:list",
            lambda user, q: ProjectFilterForm(q, portfolios=portfolio_list(user=user)),
            "reports:project-csv",
        ),
        ListKind(
            "agreements",
            _("Agreements"),
            "agreements:list",
            lambda u, q: AgreementFilterForm(q),
            "reports:agreement-csv",
        ),
        ListKind(
            "instructions",
            _("Instructions"),
            "instructions:list",
            lambda u, q: InstructionFilterForm(q),
            "reports:instruction-csv",
        ),
        ListKind("issues", _("Blocking issues"), "blockers:list", lambda u, q: IssueFilterForm(q)),
    ]
}


def clean_query(user: Any, list_name: str, query: str) -> tuple[str, list[str]]:
    """The query string as the list reads it (blank values and page numbers dropped), and what
    is wrong with it: each problem names the filter."""
    kind = LISTS[list_name]
    data = QueryDict(query, mutable=True)
    for name in NOT_SAVED:
        data.pop(name, None)
    for name in [n for n, v in data.lists() if not any(x.strip() for x in v)]:
        data.pop(name)
    form = kind.form(user, data)
    problems = [
        str(_("Unknown filter %(name)s.") % {"name": name})
        for name in data
        if name not in form.fields
    ]
    if not form.is_valid():
        for name, errors in form.errors.items():
            problems += [
                str(_("Filter %(name)s: %(error)s") % {"name": name, "error": e}) for e in errors
            ]
    return data.urlencode(), problems
