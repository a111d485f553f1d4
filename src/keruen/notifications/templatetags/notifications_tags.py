"""`{% inbox_link %}` (the header's link with the unread count) and `{% follow_button KIND KEY %}`
(on an object's page)."""

from __future__ import annotations

from typing import Any

from django import template

from keruen.notifications import selectors
from keruen.notifications.models import Mode

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": selectors.unread_count(user=user)}


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context: dict[str, Any], kind: str, key: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    return {
        "show": user.is_authenticated,
        "kind": kind,
        "key": str(key),
        "subscription": selectors.subscription_get(user=user, kind=kind, key=str(key)),
        "modes": Mode.choices,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
