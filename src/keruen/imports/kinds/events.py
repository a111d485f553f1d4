"""Events: forums, state visits, business councils, government meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.agreements.models import Event
from keruen.agreements.services import event_create, event_update
from keruen.core.models import TITLE_FIELDS
from keruen.imports.base import MISSING, Outcome, RowReader, SkipRow
from keruen.imports.formats import split_list
from keruen.imports.kinds.common import ImportContext, PlainColumns, differing, finished

COLUMNS = [
    "slug",
    *TITLE_FIELDS,
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "region",
    "country",
    "chair",
    "description",
    "participants",
    "is_illustrative",
]
KEY = "slug"
PLAIN = PlainColumns(
    text=("title", "title_ru", "title_kk", "place", "chair", "description"),
    required={"title": gettext_lazy("a title (this column cannot be empty)")},
    dates=("starts_on", "ends_on"),
    bools={"is_illustrative": False},
    choices={"kind": (Event.Kind, None)},
    references={"region": "region", "country": "country"},
)


@dataclass
class EventRow:
    row: RowReader
    slug: str
    values: dict[str, Any] = field(default_factory=dict)


def parse(r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]) -> EventRow | None:
    item = EventRow(row=r, slug=r.required("slug"))
    v = item.values = PLAIN.read(r, ctx, multipliers)
    if r.has("kind") and v["kind"] is None:
        r.problem("kind", "", _("one of %(v)s") % {"v": ", ".join(Event.Kind.values)})
    if r.has("participants"):
        participants = [
            ctx.organization(r, "participants", name, kind="other")
            for name in split_list(r.text("participants"))
        ]
        v["participants"] = MISSING if MISSING in participants else participants
    return finished(r, item, v)


def apply(item: EventRow, ctx: ImportContext) -> tuple[Outcome, str]:
    existing = Event.objects.filter(slug=item.slug).first()
    values = dict(item.values)
    if existing is None:
        missing = [c for c in ("title", "kind", "starts_on") if not values.get(c)]
        for c in missing:
            item.row.problem(c, "", _("a value for a new event"))
        if missing:
            raise SkipRow
        event_create(
            **ctx.by,
            slug=item.slug,
            participants=values.pop("participants", ()),
            **values,
        )
        return "created", item.slug
    changes = differing(existing, values)
    if not changes:
        return "unchanged", item.slug
    _event, changed = event_update(**ctx.by, event=existing, **changes)
    return ("updated" if changed else "unchanged"), item.slug
