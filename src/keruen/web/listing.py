"""What every list page does the same way: sort by a whitelisted key, page, show the selection's
totals under the table, and answer htmx requests for the results only (the filters stay in the
URL, so every state can be linked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from keruen.web.selection import SelectionTotals, selection_totals

PAGE_SIZES = (25, 50, 100)


def page_size(request: HttpRequest) -> int:
    try:
        n = int(request.GET.get("per_page") or PAGE_SIZES[0])
    except ValueError:
        return PAGE_SIZES[0]
    return n if n in PAGE_SIZES else PAGE_SIZES[0]


def sort_key(request: HttpRequest, sorts: dict[str, tuple[Any, ...]], default: str) -> str:
    key = request.GET.get("sort") or default
    return key if key in sorts else default


def is_results_request(request: HttpRequest) -> bool:
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and htmx.target == "results" and not htmx.history_restore_request


def render_list(
    request: HttpRequest,
    *,
    template: str,
    results_template: str,
    qs: QuerySet[Any],
    sorts: dict[str, tuple[Any, ...]],
    default_sort: str,
    context: dict[str, Any],
    selection: SelectionTotals | None = None,
) -> HttpResponse:
    """The page of `qs` the query string asks for; `selection` is what the whole selection adds
    up to, for the table's footer (`_selection_footer.html`) — the figures of the list's export."""
    key = sort_key(request, sorts, default_sort)
    page = Paginator(qs.order_by(*sorts[key]), page_size(request)).get_page(request.GET.get("page"))
    context = {**context, "page": page, "rows": page.object_list, "sort": key}
    if selection is not None:
        context["selection"] = selection
    return render(request, results_template if is_results_request(request) else template, context)


@dataclass(frozen=True)
class Listing:
    """A filtered list's query, one for its page and its export: `form_class` reads the query
    string, `rows(user, form)` are the rows it selects for `user` (None: every row), ordered by
    `sorts[?sort=]` (`default_sort` when it names none; no `sorts`: as `rows` orders them), and
    the selection's totals add up the field `usd` (None: a count only)."""

    form_class: type[Any]
    rows: Callable[[Any, Any], QuerySet[Any]]
    sorts: dict[str, tuple[Any, ...]] | None = None
    default_sort: str = ""
    usd: str | None = None

    def form(self, request: HttpRequest) -> Any:
        return self.form_class(request.GET or None)

    def selection(self, request: HttpRequest, user: Any, form: Any = None) -> QuerySet[Any]:
        """The rows the query string (read by `form`, when the caller has it already) selects
        for `user`, sorted: the list shows them a page at a time, its export
        (`keruen.reports`) writes them all."""
        qs = self.rows(user, form or self.form(request))
        if self.sorts is None:
            return qs
        return qs.order_by(*self.sorts[sort_key(request, self.sorts, self.default_sort)])

    def totals(self, request: HttpRequest, form: Any = None) -> SelectionTotals:
        """The selection's count (and USD sum): the list's footer and its export's totals row."""
        form = form or self.form(request)
        return selection_totals(
            lambda user: self.selection(request, user, form), user=request.user, usd=self.usd
        )

    def render(
        self, request: HttpRequest, template: str, results_template: str, **context: Any
    ) -> HttpResponse:
        """The list page (`render_list`) with its filter form as `form` and `context`."""
        assert self.sorts is not None
        form = self.form(request)
        return render_list(
            request,
            template=template,
            results_template=results_template,
            qs=self.selection(request, request.user, form),
            selection=self.totals(request, form),
            sorts=self.sorts,
            default_sort=self.default_sort,
            context={"form": form, **context},
        )


def style(form: Any, *, small: bool = True) -> Any:
    """Bootstrap classes on a form's widgets (filters and edit forms alike)."""
    from django import forms

    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(w, forms.Select):
            css = "form-select" + (" form-select-sm" if small else "")
        else:
            css = "form-control" + (" form-control-sm" if small else "")
        w.attrs.setdefault("class", css)
    return form
