"""What every record's page does the same way: find the record its URL names among those the
reader may see, or answer 404."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def first_or_404(qs: QuerySet[M], message: str = "") -> M:
    """The first row of `qs` (a selector's rows narrowed to the URL's key), or a 404 page saying
    `message` ("No agreement KZ-CN-1, or you may not see it.")."""
    row = qs.first()
    if row is None:
        raise Http404(message)
    return row
