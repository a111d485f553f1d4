"""The REST API and the helpers every app's `api.py` uses.

Write your router against these (see each module's docstring for an example):

- `keruen.api.auth`: `current_user(request)` — the caller (bearer token, session, or the public);
  authentication is API-wide, do not set `auth=` yourself.
- `keruen.api.pagination`: `PageQuery` (limit/offset/sort), `paginate`, `page_schema`,
  `page_response` — lists answer `{"count": N, "items": [...]}`.
- `keruen.api.ordering`: `apply_sort(qs, sort, SORTS, default=...)` — whitelisted `sort=-field`.
- `keruen.api.errors`: raise `ValidationError`/`Http404`/`PermissionDenied`/`PreconditionFailed`/
  `HttpError`; answers are RFC 9457 problem+json. `PROBLEM_RESPONSES` for OpenAPI.
- `keruen.api.etag`: `item_response` (sets ETag), `etag_of`, `check_if_match` (412 when stale).
- `keruen.api.writes`: `object_for(qs, user, action)` (404/403), `change_reason(request, ...)`
  (the `X-Keruen-Reason` header or a `reason` field), `settle_nulls` (what an explicit null means),
  `known`/`all_known` (the records a body's codes name, or a 400 on the field).
- `keruen.api.crud`: `Resource(router, ...)` registers an entity's list, detail, create, patch,
  delete, actions and history once, with ETag and If-Match; start there for a new entity. Its
  `listing(Filters, selector, batch(payloads), ...)` lists through the selector's filters and
  sorts (or `page=` counts and pages the list itself: `projects.payloads.project_page`); `noun`
  words the item operations' summaries, `item` is the schema they answer.
- `keruen.api.filters`: `query_schema(FiltersClass)` — the list's query schema from the
  selector's filters (`keruen.core.filters`), so the page, the API and exports filter alike.
- `keruen.api.payloads`: `attributes(obj, "title", "url", ...)` — a payload's plain fields.
- `keruen.api.feed`: the audit feed (/history/), mounted by `keruen.api.api`.

An entity's API representation (plain dicts, a page in a fixed number of queries) is written in
its app's `payloads.py` (`project_payloads`, `agreement_payload`, ...).
"""
