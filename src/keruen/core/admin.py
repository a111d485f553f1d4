"""Admin for sources, and the base every Keruen admin uses: writes go through the history with
the admin user as actor and a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from keruen.core.history import delete_with_history, save_with_history
from keruen.core.models import Source

ADMIN_REASON = "Edited in the administration interface"


class KeruenAdmin(SimpleHistoryAdmin):
    """Saves and deletes through the history helpers: one row per change, actor and reason."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        save_with_history(obj, actor=request.user, reason=ADMIN_REASON, validate=False)

    def delete_model(self, request: Any, obj: Any) -> None:
        delete_with_history(obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(Source)
class SourceAdmin(KeruenAdmin):
    list_display = ["code", "kind", "title", "publisher", "published_on", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["code", "title", "publisher"]
