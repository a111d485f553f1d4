"""API of saved views: the views one may open, saving one, deleting one's own."""

from __future__ import annotations

import builtins
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.pagination import json_response, page_schema
from keruen.api.writes import require_signed_in
from keruen.savedviews import selectors, services
from keruen.savedviews.models import SavedView

router = Router(tags=["saved views"])


class SavedViewIn(Schema):
    name: str
    list: str
    query: str = ""
    shared_with_role: str = ""
    shared_with_all: bool = False


class SavedViewOut(Schema):
    id: int
    name: str
    list: str
    query: str
    owner: str
    shared_with_role: str
    shared_with_all: bool
    url: str
    export_url: str | None
    problems: builtins.list[str]  # `list` is a field here


def _out(user: Any, v: SavedView) -> dict[str, Any]:
    return {
        "id": v.pk,
        "name": v.name,
        "list": v.list,
        "query": v.query,
        "owner": v.owner.get_username(),
        "shared_with_role": v.shared_with_role,
        "shared_with_all": v.shared_with_all,
        "url": selectors.list_url(v),
        "export_url": selectors.export_url(v),
        "problems": selectors.problems(user=user, view=v),
    }


def _get(request: HttpRequest, view_id: int) -> tuple[Any, SavedView]:
    user = current_user(request)
    require_signed_in(user)
    view = selectors.savedview_get(user=user, pk=view_id)
    if view is None:
        raise Http404
    return user, view


@router.get("/views/", response={200: page_schema(SavedViewOut), **PROBLEM_RESPONSES})
def view_list(request: HttpRequest) -> HttpResponse:
    """One's own views and those shared with one's role or everyone."""
    user = current_user(request)
    require_signed_in(user)
    items = [_out(user, v) for v in selectors.savedview_list(user=user)]
    return json_response({"count": len(items), "items": items})


@router.post("/views/", response={201: SavedViewOut, **PROBLEM_RESPONSES})
def view_create(request: HttpRequest, body: SavedViewIn) -> HttpResponse:
    """Save a list's query string (`stage=operating&region=KZ-19`) as a named view."""
    user = current_user(request)
    require_signed_in(user)
    view = services.savedview_create(owner=user, **body.dict())
    return json_response(_out(user, view), status=201)


@router.get("/views/{view_id}", response={200: SavedViewOut, **PROBLEM_RESPONSES})
def view_detail(request: HttpRequest, view_id: int) -> HttpResponse:
    user, view = _get(request, view_id)
    return json_response(_out(user, view))


@router.delete("/views/{view_id}", response={204: None, **PROBLEM_RESPONSES})
def view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    user, view = _get(request, view_id)
    services.savedview_delete(user=user, view=view)
    return HttpResponse(status=204)
