"""The initiative list's filters, read from the query string: the page and its export share them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from keruen.regions.models import Initiative, InitiativeStatus
from keruen.regions.selectors import InitiativeFilters, initiative_list
from keruen.web.selection import SelectionTotals, selection_totals


def initiative_filters(request: HttpRequest) -> InitiativeFilters:
    status = request.GET.get("status") or None
    return InitiativeFilters(
        region=(request.GET.get("region") or "").upper() or None,
        status=status if status in InitiativeStatus.values else None,
        q=(request.GET.get("q") or "").strip() or None,
    )


def initiative_selection(request: HttpRequest, user: Any) -> QuerySet[Initiative]:
    """The initiatives the query string selects for `user` (None: every initiative): the list
    shows them, its export (`keruen.reports`) writes them."""
    return initiative_list(user=user, filters=initiative_filters(request))


def initiative_totals(request: HttpRequest) -> SelectionTotals:
    """The selection's count, estimated investment in USD and jobs expected: the list's footer
    and its export's totals row."""
    return selection_totals(
        lambda user: initiative_selection(request, user),
        user=request.user,
        usd="investment_usd",
        jobs="jobs_planned",
    )
