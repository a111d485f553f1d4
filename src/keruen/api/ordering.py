"""Sorting lists: `?sort=field` or `?sort=-field`, from a whitelist.

    SORTS = {"code": "code", "title": "title", "investment": "total_investment_usd"}
    qs = apply_sort(qs, query.sort, SORTS, default=("code",))

An unknown field answers 422 naming the allowed ones. The primary key is always the last key,
so pages never overlap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _


def apply_sort(
    qs: QuerySet, sort: str | None, allowed: Mapping[str, str], default: Sequence[str]
) -> QuerySet:
    if not sort:
        return qs.order_by(*default, "pk")
    keys = []
    for part in sort.split(","):
        name = part.strip()
        desc = name.startswith("-")
        name = name.lstrip("-")
        if name not in allowed:
            raise ValidationError(
                {
                    "sort": _("Cannot sort by %(field)r; expected one of: %(allowed)s.")
                    % {"field": name, "allowed": ", ".join(sorted(allowed))}
                }
            )
        expr = F(allowed[name])
        keys.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
    return qs.order_by(*keys, "pk")
