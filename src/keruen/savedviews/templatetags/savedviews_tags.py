"""`{% save_view_form "projects" %}`: the list page's "Save this view" form."""

from __future__ import annotations

from typing import Any

from django import template

from keruen.accounts.models import Role

register = template.Library()


@register.inclusion_tag("savedviews/_save.html", takes_context=True)
def save_view_form(context: Any, list_name: str) -> dict[str, Any]:
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "saved_list": list_name,
        "saved_roles": Role.choices,
    }
