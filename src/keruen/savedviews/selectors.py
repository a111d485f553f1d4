"""Reads: the views a user may open (their own and those shared with their role or everyone),
their home view, and what a view selects."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse

from keruen.accounts.selectors import user_scope
from keruen.projects.filters import project_query_selection
from keruen.projects.models import Project
from keruen.savedviews.lists import LISTS, clean_query
from keruen.savedviews.models import HomeView, SavedView


def savedview_list(*, user: Any) -> QuerySet[SavedView]:
    if not getattr(user, "is_authenticated", False):
        return SavedView.objects.none()
    shared = Q(shared_with_all=True) | Q(owner=user)
    role = user_scope(user).role
    if role:
        shared |= Q(shared_with_role=role)
    return SavedView.objects.filter(shared).select_related("owner")


def savedview_visible(user: Any, view: SavedView) -> bool:
    return savedview_list(user=user).filter(pk=view.pk).exists()


def savedview_followable(user: Any, view: SavedView) -> bool:
    """Whether `user` may follow `view`: one they may open, of projects (what "entering" means)."""
    return view.list == SavedView.List.PROJECTS and savedview_visible(user, view)


def savedview_get(*, user: Any, pk: int) -> SavedView | None:
    return savedview_list(user=user).filter(pk=pk).first()


def home_view(*, user: Any) -> SavedView | None:
    """The user's home view, while they may still open it."""
    if not getattr(user, "is_authenticated", False):
        return None
    home = HomeView.objects.filter(user=user).select_related("view").first()
    return home.view if home and savedview_visible(user, home.view) else None


def problems(*, user: Any, view: SavedView) -> list[str]:
    """What the list's filter form finds wrong with the stored filters (none: it opens)."""
    return clean_query(user, view.list, view.query)[1]


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def list_url(view: SavedView) -> str:
    return _with_query(reverse(LISTS[view.list].url), view.query)


def export_url(view: SavedView) -> str | None:
    name = LISTS[view.list].export
    return _with_query(reverse(name), view.query) if name else None


def project_selection(*, user: Any, view: SavedView) -> QuerySet[Project] | None:
    """The projects a view of projects shows `user` (their access applies); None when the list's
    form refuses the stored filters (`problems` says why)."""
    query = QueryDict(view.query)
    form, qs = project_query_selection(user, query)
    if query and (not form.is_valid() or set(query) - set(form.fields)):
        return None
    return qs
