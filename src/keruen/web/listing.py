"""What every list page does the same way: sort by a whitelisted key, page, show the selection's
totals under the table, and answer htmx requests for the results only (the filters stay in the
URL, so every state can be linked)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from keruen.web.selection import SelectionTotals

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
