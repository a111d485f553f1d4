"""The item operations every entity's API shares: detail, create, patch, delete, actions, history.

One `Resource` per entity says how to find an object and how it looks; its methods register the
operations on the app's router, each written once here with the same rules everywhere:

    projects = Resource(router, module=__name__, name="projects", model=Project,
                        path="/projects/", payload=project_payload, noun="a project")
    projects.listing(ProjectFilters, project_list, batch(project_payloads), out=ProjectOut,
                     sorts=PROJECT_SORTS, summary="List projects")  # or page=project_page
    projects.detail(ProjectDetailOut)                     # "One project"
    projects.update(ProjectPatch, _update, out=ProjectDetailOut)  # "Change a project (...)"
    projects.delete(_delete)                              # "Delete a project"
    projects.history(ProjectInvestor, Milestone, summary="Who changed it")  # and its parts

- Reads find the object through the caller's access (`object_for`: 404 if they may not see it,
  403 if they see it but may not do this) and answer its payload with an `ETag`.
- Writes honour `If-Match` (412 when stale; optional), take the reason from `X-Keruen-Reason`
  or the body's `reason` (`change_reason`), and answer the fresh payload.
- `writers_only=True` (registry records: projects, agreements, events, organizations): the API
  refuses the public (401) and the roles that never write (403) before anything else, and after
  the change, inside its transaction, refuses a record the caller could no longer change (403,
  the change is undone). `writers_only=False`: the services check who may do what themselves
  (instructions, initiatives).
- `noun` ("a project") words the summaries of detail, create, update and delete alike ("One
  project", "Create a project", "Change a project (send If-Match ...)", "Delete a project");
  a `summary=` given to one of them is kept instead.
- The handlers keep the module and name they would have had if written out in the app's
  `api.py` (`module=__name__`, `name`), so the OpenAPI operation ids and URL names stay.

Handlers are built with an explicit signature, which is all django-ninja reads to document and
parse the path parameter, the body (`body`) and the query (`query`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from ninja import Query, Router, Schema

from keruen.accounts.policy import CHANGE, DELETE, VIEW, can, restricted_visible
from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.api.etag import check_if_match, etag_of, item_response
from keruen.api.filters import query_schema
from keruen.api.history import HistoryEntryOut, HistoryQuery, history_entries, history_rows
from keruen.api.ordering import apply_sort
from keruen.api.pagination import page_response, page_schema, paginate
from keruen.api.writes import (
    change_reason,
    object_for,
    refuse_unless,
    require_signed_in,
    require_writer,
)
from keruen.core.filters import Filters, Sorts

CREATED = "Created through the API"
CHANGED = "Changed through the API"
DELETED = "Deleted through the API"

#: `change(user=..., reason=..., obj=..., data=...)` → the changed object; `data` is the body's
#: fields that were sent (`reason` taken out).
Change = Callable[..., Any]


def calling(service: Callable[..., Any], target: str, *fields: str) -> Change:
    """The `Change` (or delete) that only hands on to a service: `service(actor=user,
    reason=reason, <target>=obj, <field>=data[field] for each of `fields`)`; what the service
    returns is the answer's object.

        issues.action("start", calling(services.issue_start, "issue"), ...)
        agreements.delete(calling(agreement_delete, "agreement"), ...)
    """

    def run(*, user: Any, reason: str, obj: Any, data: dict[str, Any] | None = None) -> Any:
        sent = {f: (data or {})[f] for f in fields}
        return service(actor=user, reason=reason, **{target: obj}, **sent)

    return run


def batch(
    payloads: Callable[[list[int], Any], list[dict[str, Any]]],
) -> Callable[[QuerySet, Any], list[dict[str, Any]]]:
    """A listing's `items` from a batch payload function `payloads(pks, user)` (one query per
    table for the whole page, in the page's order)."""
    return lambda page, user: payloads(list(page.values_list("pk", flat=True)), user)


@dataclass(frozen=True)
class Resource:
    """One entity of the API: where it lives, how it is found, how it looks."""

    router: Router
    module: str  # the app's api module (`__name__`): operation ids and URL names derive from it
    name: str  # the prefix of the handlers' names: "projects" → projects_detail
    model: type[models.Model]
    path: str  # the collection, "/projects/"; an item is f"{path}{{{lookup}}}"
    payload: Callable[[Any, Any], dict[str, Any]]  # (obj, user) → the item's representation
    lookup: str = "code"  # the path parameter and the model field it matches; "pk": an integer
    queryset: Callable[[], QuerySet] | None = None  # where objects are found; default: all
    find: Callable[[Any, Any, str], Any] | None = None  # (user, key, action) → obj; replaces it
    fresh: Callable[[Any, Any], dict[str, Any]] | None = None  # payload after a write
    writers_only: bool = True
    out_of_scope: str | Promise | None = None  # the 403 for a change out of the caller's scope
    noun: str = ""  # "a project": the words of the item operations' summaries
    item: type[Schema] | None = None  # the item's schema: what detail, writes and actions answer

    # --- finding and showing ------------------------------------------------------------------

    @property
    def item_path(self) -> str:
        param = f"int:{self.lookup}" if self.lookup == "pk" else self.lookup
        return f"{self.path}{{{param}}}"

    def get(self, user: Any, key: Any, action: str = VIEW) -> Any:
        """The object `key` that `user` may `action`: 404 when they may not see it, else 403."""
        if self.find is not None:
            return self.find(user, key, action)
        qs = self.queryset() if self.queryset is not None else self.model._default_manager.all()
        return object_for(qs.filter(**{self.lookup: key}), user, action)

    def payload_after_write(self, obj: Any, user: Any) -> dict[str, Any]:
        return (self.fresh or self.payload)(obj, user)

    def _guarded(self, request: HttpRequest, key: Any, action: str) -> tuple[Any, Any]:
        """The caller and the object they may `action`, unchanged since they read it (If-Match)."""
        user = current_user(request)
        if self.writers_only:
            require_writer(user)
        obj = self.get(user, key, action)
        check_if_match(request, etag_of(self.payload(obj, user)))
        return user, obj

    def _write(self, user: Any, write: Callable[[], Any]) -> Any:
        if not self.writers_only:
            return write()
        with transaction.atomic():
            obj = write()
            refuse_unless(can(user, CHANGE, obj), self.out_of_scope)
        return obj

    def _change(
        self,
        request: HttpRequest,
        user: Any,
        obj: Any,
        data: dict[str, Any],
        change: Change,
        default_reason: str,
        *,
        status: int = 200,
        location: bool = False,
    ) -> HttpResponse:
        """`change` with the body's fields `data` and the request's reason (taken out of `data`),
        inside the write's checks; the answer is the changed (or created: `status` 201, and its
        `Location` when `location`) object's fresh payload."""
        reason = change_reason(request, data.pop("reason", None), default=default_reason)
        obj = self._write(user, lambda: change(user=user, reason=reason, obj=obj, data=data))
        response = item_response(request, self.payload_after_write(obj, user), status=status)
        if location:
            response["Location"] = f"/api/v1{self.path}{getattr(obj, self.lookup)}"
        return response

    # --- registering operations ---------------------------------------------------------------

    def _register(
        self,
        method: str,
        path: str,
        handler: Callable[..., HttpResponse],
        *,
        name: str,
        params: dict[str, Any],
        response: Any,
        summary: str | None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        parameters = [
            inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
            ),
            *(
                inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
                for p, annotation in params.items()
            ),
        ]
        handler.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        handler.__name__ = handler.__qualname__ = name
        handler.__module__ = self.module
        route = getattr(self.router, method)
        if summary is not None:
            options["summary"] = summary
        route(path, response=response, **options)(handler)
        return handler

    def _summary(self, given: str | None, wording: str) -> str | None:
        """`given`, else `wording` with the noun: "Create {noun}" → "Create a project"; "{one}"
        is the noun without its article ("project")."""
        if given is not None or not self.noun:
            return given
        return wording.format(noun=self.noun, one=self.noun.split(" ", 1)[-1])

    def _out(self, out: type[Schema] | None) -> type[Schema]:
        """The schema an item operation answers: `out`, else the resource's `item`."""
        schema = out or self.item
        if schema is None:
            raise TypeError(f"{self.name}: an item operation needs `out` or the resource's `item`")
        return schema

    def _key(self) -> dict[str, Any]:
        return {self.lookup: int if self.lookup == "pk" else str}

    def listing(
        self,
        filters: type[Filters],
        select: Callable[..., QuerySet],
        items: Callable[[QuerySet, Any], list[dict[str, Any]]] | None = None,
        *,
        page: Callable[[QuerySet, int, int, Any, Any], tuple[int, list[dict[str, Any]]]]
        | None = None,
        out: type[Schema],
        sorts: Sorts,
        default: Sequence[str] = ("code",),
        summary: str | None = None,
        name: str | None = None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`GET {path}`: `select(user=, filters=)` (a selector, through the caller's access; the
        query's parameters are the fields of `filters`) sorted by `?sort=` among the API keys of
        `sorts` (else `default`) and paged; a page's rows become `items(page, user)`. Or, with
        `page` instead of `items`, `page(sorted, offset, limit, user, filters)` answers the count
        and the page's items itself (one compiled choice of rows for both, or a count the summary
        tables hold for `filters`: the project list)."""
        if (items is None) == (page is None):
            raise TypeError(f"{self.name}: a listing takes `items` or `page`, one of them")

        def handler(request: HttpRequest, query: Schema) -> HttpResponse:
            user = current_user(request)
            chosen_by = filters.from_values(query.dict())
            rows = select(user=user, filters=chosen_by)
            qs = apply_sort(rows, query.sort, sorts.api(), default)  # type: ignore[attr-defined]
            if page is not None:
                return page_response(*page(qs, query.offset, query.limit, user, chosen_by))  # type: ignore[attr-defined]
            count, chosen = paginate(qs, query)  # type: ignore[arg-type]
            return page_response(count, items(chosen, user))  # type: ignore[misc]

        return self._register(
            "get",
            self.path,
            handler,
            name=name or f"{self.name}_list",
            params={"query": Query[query_schema(filters)]},  # type: ignore[misc]
            response=page_schema(out),
            summary=summary,
            **options,
        )

    def detail(
        self,
        out: type[Schema] | None = None,
        *,
        summary: str | None = None,
        name: str | None = None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`GET {path}{key}`: the item, with its ETag (304 on a current If-None-Match)."""

        def handler(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            user = current_user(request)
            obj = self.get(user, kwargs[self.lookup], VIEW)
            return item_response(request, self.payload(obj, user))

        return self._register(
            "get",
            self.item_path,
            handler,
            name=name or f"{self.name}_detail",
            params=self._key(),
            response={200: self._out(out), **PROBLEM_RESPONSES},
            summary=self._summary(summary, "One {one}"),
            **options,
        )

    def create(
        self,
        body: type[Schema],
        create: Change,
        *,
        out: type[Schema] | None = None,
        summary: str | None = None,
        name: str | None = None,
        default_reason: str = CREATED,
        location: bool = True,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`POST {path}`: `create(user=, reason=, obj=None, data=)` makes the object; 201."""

        def handler(request: HttpRequest, body: Schema) -> HttpResponse:
            user = current_user(request)
            if self.writers_only:
                require_writer(user)
            data = body.dict(exclude_unset=True)
            return self._change(
                request, user, None, data, create, default_reason, status=201, location=location
            )

        return self._register(
            "post",
            self.path,
            handler,
            name=name or f"{self.name}_create",
            params={"body": body},
            response={201: self._out(out), **PROBLEM_RESPONSES},
            summary=self._summary(summary, "Create {noun}"),
            **options,
        )

    def update(
        self,
        body: type[Schema],
        change: Change,
        *,
        out: type[Schema] | None = None,
        summary: str | None = None,
        name: str | None = None,
        default_reason: str = CHANGED,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`PATCH {path}{key}`: the fields sent change, through `change(user=, reason=, obj=,
        data=)`; 412 on a stale If-Match."""

        return self._item_write(
            "patch",
            self.item_path,
            change,
            name=name or f"{self.name}_update",
            body=body,
            partial=True,
            action=CHANGE,
            default_reason=default_reason,
            out=out,
            summary=self._summary(summary, "Change {noun} (send If-Match with the ETag you read)"),
            **options,
        )

    def action(
        self,
        suffix: str,
        run: Change,
        *,
        default_reason: str,
        out: type[Schema] | None = None,
        name: str | None = None,
        body: type[Schema] | None = None,
        action: str = CHANGE,
        summary: str | None = None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`POST {path}{key}/{suffix}`: one move of the object's life (`run(user=, reason=, obj=,
        data=)`, `data` the body's fields), for callers who may `action` it; 412 when stale. Its
        handler is `{name}_{suffix}` unless `name` says otherwise."""

        return self._item_write(
            "post",
            f"{self.item_path}/{suffix}",
            run,
            name=name or f"{self.name}_{suffix.replace('-', '_')}",
            body=body,
            partial=False,
            action=action,
            default_reason=default_reason,
            out=out,
            summary=summary,
            **options,
        )

    def _item_write(
        self,
        method: str,
        path: str,
        run: Change,
        *,
        name: str,
        body: type[Schema] | None,
        partial: bool,
        action: str,
        default_reason: str,
        out: type[Schema] | None,
        summary: str | None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """An operation that changes one object through `run(user=, reason=, obj=, data=)` (`data`
        the body's fields: those sent when `partial`, else all) for callers who may `action` it,
        and answers it; 412 when stale."""

        def handler(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            user, obj = self._guarded(request, kwargs[self.lookup], action)
            sent = kwargs.get("body")
            data = sent.dict(exclude_unset=partial) if sent is not None else {}
            return self._change(request, user, obj, data, run, default_reason)

        params = self._key() if body is None else {**self._key(), "body": body}
        return self._register(
            method,
            path,
            handler,
            name=name,
            params=params,
            response={200: self._out(out), **PROBLEM_RESPONSES},
            summary=summary,
            **options,
        )

    def delete(
        self,
        delete: Callable[..., Any],
        *,
        summary: str | None = None,
        name: str | None = None,
        default_reason: str = DELETED,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`DELETE {path}{key}`: `delete(user=, reason=, obj=)`; 204, or 409 when referred to."""

        def handler(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            user, obj = self._guarded(request, kwargs[self.lookup], DELETE)
            reason = change_reason(request, None, default=default_reason)
            delete(user=user, reason=reason, obj=obj)
            return HttpResponse(status=204)

        return self._register(
            "delete",
            self.item_path,
            handler,
            name=name or f"{self.name}_delete",
            params=self._key(),
            response={204: None, **PROBLEM_RESPONSES},
            summary=self._summary(summary, "Delete {noun}"),
            **options,
        )

    def _history_tables(self, parts: Sequence[type[models.Model]]) -> Callable[[Any], list[Any]]:
        """The history querysets of an object and of its `parts`: each part's rows whose foreign
        key points at the object (a project's investors, an organization's aliases)."""
        keyed = [
            (part, next(f.attname for f in part._meta.fields if f.related_model is self.model))
            for part in parts
        ]

        def tables(obj: Any) -> list[Any]:
            return [
                self.model.history.filter(id=obj.pk),  # type: ignore[attr-defined]
                *(part.history.filter(**{key: obj.pk}) for part, key in keyed),  # type: ignore[attr-defined]
            ]

        return tables

    def history(
        self,
        *parts: type[models.Model],
        summary: str | None = None,
        name: str | None = None,
        **options: Any,
    ) -> Callable[..., HttpResponse]:
        """`GET {path}{key}/history`: the changes of the object and of its `parts` (models whose
        foreign key points at it), newest first, paged; for signed-in callers who may see it."""
        tables = self._history_tables(parts)

        def handler(request: HttpRequest, query: HistoryQuery, **kwargs: Any) -> HttpResponse:
            user = current_user(request)
            require_signed_in(user)
            obj = self.get(user, kwargs[self.lookup], VIEW)
            rows = history_rows(*tables(obj))
            page = rows[query.offset : query.offset + query.limit]
            in_scope = bool(restricted_visible(user, self.model, [obj.pk]))
            return page_response(len(rows), history_entries(page, user=user, in_scope=in_scope))

        return self._register(
            "get",
            f"{self.item_path}/history",
            handler,
            name=name or f"{self.name}_history",
            params={**self._key(), "query": Query[HistoryQuery]},
            response={200: page_schema(HistoryEntryOut), **PROBLEM_RESPONSES},
            summary=summary,
            **options,
        )
