"""The standard routes of one kind of record, built once for every app.

A kind of record (projects, agreements, organizations, …) has up to five pages, always at the
same places below its base path and always in this order, so that `new/` and `lookup/` come
before the record's own key:

    <base>/                its list             `<stem>_list_view`
    <base>/new/            its create form      `<stem>_create_view`, or `<stem>_form_view`
    <base>/lookup/         its type-ahead       `<stem>_lookup_view`
    <base>/<key>/          one record           `<stem>_detail_view`
    <base>/<key>/edit/     its edit form        `<stem>_edit_view`, or `<stem>_form_view`

The views are the app's views module's functions of those names; a page whose view the module
does not define has no route. The app's main kind names its routes list, create, lookup, detail
and edit; another kind in the same namespace passes `name` (e.g. "event") and its routes are
named after it: events, event-create, event-lookup, event, event-edit.

A record's actions, each at `<record><action>` and handled by the view `<stem>_<action>`,
are routed by `action_routes`; an app's other pages, each named after its view, by `page_routes`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.urls import URLPattern, path


def _view(views: ModuleType, *names: str) -> Callable[..., Any] | None:
    for name in names:
        view = getattr(views, name, None)
        if view is not None:
            return view
    return None


def entity_routes(
    views: ModuleType, stem: str, record: str, name: str | None = None
) -> list[URLPattern]:
    """The routes of `stem`'s pages in `views`; `record` is the path of one record, such as
    "agreements/<slug:code>/", whose part before the key is the base of the list and forms."""
    base = record[: record.index("<")]
    plural = base.rstrip("/").rsplit("/", 1)[-1]

    def named(page: str) -> str:
        if name is None:
            return page
        return {"list": plural, "detail": name}.get(page, f"{name}-{page}")

    pages = [
        (base, "list", _view(views, f"{stem}_list_view")),
        (f"{base}new/", "create", _view(views, f"{stem}_create_view", f"{stem}_form_view")),
        (f"{base}lookup/", "lookup", _view(views, f"{stem}_lookup_view")),
        (record, "detail", _view(views, f"{stem}_detail_view")),
        (f"{record}edit/", "edit", _view(views, f"{stem}_edit_view", f"{stem}_form_view")),
    ]
    return [path(route, view, name=named(page)) for route, page, view in pages if view]


def action_routes(views: ModuleType, stem: str, record: str, *actions: str) -> list[URLPattern]:
    """`<record><action>` for each action, such as "instructions/<int:pk>/close": the view
    `<stem>_<action>` of `views`, named after the action."""
    return [
        path(f"{record}{action}", getattr(views, f"{stem}_{action}"), name=action)
        for action in actions
    ]


def page_routes(views: ModuleType, **routes: str) -> list[URLPattern]:
    """`name=route` for each page: the view `<name>_view` of `views` (or `<name>`), named `name`,
    in the order given, e.g. `page_routes(views, inbox="notifications/inbox/")`."""
    out = []
    for name, route in routes.items():
        view = _view(views, f"{name}_view", name)
        if view is None:
            raise AttributeError(f"{views.__name__} has no view {name}_view or {name}")
        out.append(path(route, view, name=name))
    return out
