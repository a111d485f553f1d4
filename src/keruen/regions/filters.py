"""The initiative list's filters, read from the query string: the page and its export share them."""

from __future__ import annotations

from django.http import HttpRequest

from keruen.regions.models import InitiativeStatus
from keruen.regions.selectors import InitiativeFilters


def initiative_filters(request: HttpRequest) -> InitiativeFilters:
    status = request.GET.get("status") or None
    return InitiativeFilters(
        region=(request.GET.get("region") or "").upper() or None,
        status=status if status in InitiativeStatus.values else None,
        q=(request.GET.get("q") or "").strip() or None,
    )
