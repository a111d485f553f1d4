"""API of following and the inbox: one's own subscriptions and notifications."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Router, Schema

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.pagination import json_response, page_schema
from keruen.api.payloads import attributes
from keruen.api.writes import require_signed_in
from keruen.notifications import selectors, services
from keruen.notifications.models import Mode, Notification, Subscription

router = Router(tags=["notifications"])


class SubscriptionIn(Schema):
    kind: str
    key: str
    mode: str = Mode.DAILY
    language: str | None = None


class SubscriptionOut(Schema):
    id: int
    kind: str
    key: str
    mode: str
    language: str
    created_at: str


class NotificationOut(Schema):
    id: int
    event: str
    kind: str
    key: str
    title: str
    text: str
    url: str
    created_at: str
    read: bool


class ReadIn(Schema):
    ids: list[int] | None = None


class ReadOut(Schema):
    marked: int


def _subscription(s: Subscription) -> dict[str, Any]:
    return {
        "id": s.pk,
        **attributes(s, "kind", "key", "mode", "language"),
        "created_at": s.created_at.isoformat(),
    }


def _notification(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        **attributes(n, "event", "kind", "key", "title", "text", "url"),
        "created_at": n.created_at.isoformat(),
        "read": n.read_at is not None,
    }


@router.get("/subscriptions/", response={200: page_schema(SubscriptionOut), **PROBLEM_RESPONSES})
def subscription_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    items = [_subscription(s) for s in selectors.subscription_list(user=user)]
    return json_response({"count": len(items), "items": items})


@router.post("/subscriptions/", response={201: SubscriptionOut, **PROBLEM_RESPONSES})
def subscription_create(request: HttpRequest, body: SubscriptionIn) -> HttpResponse:
    """Follow an object (again: its mode changes)."""
    user = current_user(request)
    require_signed_in(user)
    sub = services.subscription_follow(
        user=user,
        kind=body.kind,
        key=body.key,
        mode=body.mode,
        language=body.language or get_language(),
    )
    return json_response(_subscription(sub), status=201)


@router.delete("/subscriptions/{kind}/{key}", response={204: None, **PROBLEM_RESPONSES})
def subscription_delete(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    user = current_user(request)
    require_signed_in(user)
    if not services.subscription_unfollow(user=user, kind=kind, key=key):
        raise Http404
    return HttpResponse(status=204)


@router.get("/inbox/", response={200: page_schema(NotificationOut), **PROBLEM_RESPONSES})
def inbox(request: HttpRequest, unread: bool = False) -> HttpResponse:
    """One's notifications, newest first (the last 200)."""
    user = current_user(request)
    require_signed_in(user)
    items = [_notification(n) for n in selectors.inbox(user=user, unread=unread)[:200]]
    return json_response({"count": len(items), "items": items})


@router.post("/inbox/read", response={200: ReadOut, **PROBLEM_RESPONSES})
def inbox_read(request: HttpRequest, body: ReadIn) -> HttpResponse:
    """Mark notifications read: those `ids`, or all."""
    user = current_user(request)
    require_signed_in(user)
    return json_response({"marked": services.notification_mark_read(user=user, ids=body.ids)})
