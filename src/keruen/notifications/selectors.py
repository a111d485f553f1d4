"""Reads: what a user follows, their inbox, the webhooks and their deliveries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from keruen.notifications.kinds import WATCHES
from keruen.notifications.models import Notification, Subscription, Webhook


def watched_kinds() -> set[str]:
    """The kinds that someone follows or a webhook listens to ("*" when one listens to all)."""
    kinds = set(Subscription.objects.values_list("kind", flat=True).distinct())
    for event in Webhook.objects.filter(active=True).values_list("event", flat=True):
        kinds.add(event.partition(".")[0])
    # A followed saved view watches the changes of the kind it lists.
    kinds |= {of for of, watches in WATCHES.items() if any(w.kind in kinds for w in watches)}
    return kinds


def subscription_list(*, user: Any) -> QuerySet[Subscription]:
    if not getattr(user, "is_authenticated", False):
        return Subscription.objects.none()
    return Subscription.objects.filter(user=user)


def subscription_get(*, user: Any, kind: str, key: str) -> Subscription | None:
    return subscription_list(user=user).filter(kind=kind, key=key).first()


def inbox(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(*, user: Any) -> int:
    return inbox(user=user, unread=True).count()
