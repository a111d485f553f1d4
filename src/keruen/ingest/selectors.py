"""Reads of documents and facts: the review queue, conflicts, and where a figure came from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from keruen.ingest.extraction import stories
from keruen.ingest.models import Document, Fact, FactApplication


def document_list(*, user: Any, status: str | None = None) -> QuerySet[Document]:
    qs = Document.objects.restrict(user, "view").annotate(
        proposed=Count("facts", filter=Q(facts__status=Fact.Status.PROPOSED)),
        total=Count("facts"),
    )
    if status == "pending":
        qs = qs.filter(proposed__gt=0)
    return qs.order_by("-created_at", "-id")


def fact_list(
    *,
    user: Any,
    document: Document | None = None,
    status: str | None = None,
    kind: str | None = None,
) -> QuerySet[Fact]:
    docs = Document.objects.restrict(user, "view")
    qs = Fact.objects.filter(document__in=docs).select_related("document", "organization")
    if document is not None:
        qs = qs.filter(document=document)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("document_id", "char_start", "id")


@dataclass
class FactGroup:
    key: str
    kind: str
    facts: list[Fact]

    @property
    def values(self) -> list[Decimal]:
        return [f.value for f in self.facts if f.value is not None]

    @property
    def in_conflict(self) -> bool:
        vals = self.values
        return bool(vals) and (max(vals) - min(vals)) > Decimal("0.005") * max(vals)

    @property
    def documents(self) -> int:
        return len({f.document_id for f in self.facts})


def fact_groups(*, user: Any, conflicts_only: bool = False) -> list[FactGroup]:
    """Facts about the same thing reported by more than one document, side by side."""
    keys = (
        fact_list(user=user)
        .exclude(group_key="")
        .order_by()
        .values("group_key", "kind")
        .annotate(docs=Count("document", distinct=True))
        .filter(docs__gt=1)
    )
    wanted = {(k["group_key"], k["kind"]) for k in keys}
    by_key: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in fact_list(user=user).filter(group_key__in={k for k, _ in wanted}):
        if (fact.group_key, fact.kind) in wanted:
            by_key[(fact.group_key, fact.kind)].append(fact)
    groups = []
    for (k, kind), facts in sorted(by_key.items()):
        for cluster in _same_news(facts):
            if len({f.document_id for f in cluster}) > 1:
                groups.append(FactGroup(k, kind, cluster))
    return [g for g in groups if g.in_conflict] if conflicts_only else groups


def _same_news(facts: list[Fact]) -> list[list[Fact]]:
    """Facts of one key split into what reports the same thing: published close together, with
    close values (``extraction.stories.same_news``)."""
    return stories.same_news(facts, lambda f: f.document.published_on, lambda f: f.value)


def same_news_as(fact: Fact) -> list[Fact]:
    """The other outlets' proposed facts reporting what ``fact`` reports (its group, without the
    facts of its own document)."""
    candidates = list(
        Fact.objects.filter(group_key=fact.group_key, kind=fact.kind)
        .filter((Q(status=Fact.Status.PROPOSED) & ~Q(document=fact.document_id)) | Q(pk=fact.pk))
        .select_related("document")
    )
    for cluster in _same_news(candidates):
        if any(f.pk == fact.pk for f in cluster):
            return [f for f in cluster if f.pk != fact.pk]
    return []


def provenance(obj: Any) -> dict[str, list[FactApplication]]:
    """Field name → the facts (with document and span) that set it, newest first."""
    out: dict[str, list[FactApplication]] = defaultdict(list)
    apps = FactApplication.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("fact", "fact__document")
    for app in apps:
        out[app.field].append(app)
    return dict(out)
