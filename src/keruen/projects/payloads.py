"""Projects as the API shows them: plain dicts, a page of them in a fixed number of queries.

Fields the caller may not see are removed by `accounts.policy.redact`. (The export's canonical
rows, cells as text, are `reports.exports.rows.project_rows`: another representation.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import F, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject

from keruen.accounts.policy import (
    redacted_rows,
    redactor,
    restricted_visible_expression,
)
from keruen.accounts.selectors import user_scope
from keruen.core.grouping import grouped
from keruen.core.json_arrays import JSONList, json_list
from keruen.core.models import TITLE_FIELDS
from keruen.parties.payloads import identifiers_of, linked_organizations
from keruen.projects.figures import listed_count
from keruen.projects.inference import inferred_statuses
from keruen.projects.models import Milestone, Project, ProjectInvestor
from keruen.projects.schedule import forecast_completion, slip_days
from keruen.projects.selectors import ProjectFilters

LABEL = "projects.project"

SCALARS = [
    "code",
    *TITLE_FIELDS,
    "description",
    "stage",
    "stage_since",
    "confidentiality",
    "is_illustrative",
    "total_investment_amount",
    "total_investment_date",
    "total_investment_usd",
    "foreign_investment_amount",
    "foreign_investment_date",
    "foreign_investment_usd",
    "jobs_planned",
    "jobs_created",
    "construction_jobs_planned",
    "construction_jobs_created",
    "counts_in_totals",
    "start_on",
    "end_on",
    "schedule_approved_on",
    "negotiation_notes",
    "created_at",
    "updated_at",
]
RENAMED = {
    "total_investment_currency_id": "total_investment_currency",
    "foreign_investment_currency_id": "foreign_investment_currency",
    "responsible_body__code": "responsible_body",
    "curator__code": "curator",
    "parent__code": "parent",
}


#: The columns of `Project.objects.values(...)` a payload is made of.
VALUES = ("id", *SCALARS, *RENAMED)


#: Detail parts that are one value (None when missing), not a list.
SINGLE = {"inferred_status", "forecast_completion"}


def milestone_payload(m: Milestone) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "title": m.title,
        "planned_on": m.planned_on,
        "baseline_on": m.baseline_on,
        "forecast_on": m.forecast_on,
        "actual_on": m.actual_on,
        "slip_days": slip_days(m),
        "is_critical": m.is_critical,
    }


def project_payloads(pks: list[int], user: Any, *, detail: bool = False) -> list[dict[str, Any]]:
    """The projects `pks`, in that order (the detail adds milestones, sources, agreements)."""
    if not pks:
        return []
    position = {pk: n for n, pk in enumerate(pks)}
    values = sorted(
        Project.objects.filter(pk__in=pks).values(*VALUES), key=lambda v: position[v["id"]]
    )
    return project_payloads_of(values, user, detail=detail)


def project_payloads_of(
    values: list[dict[str, Any]], user: Any, *, detail: bool = False
) -> list[dict[str, Any]]:
    """The projects whose `Project.objects.values(*VALUES)` are `values`, in their order."""
    if not values:
        return []
    order = [v["id"] for v in values]
    rows = {r.pop("id"): r for r in values}
    pks = list(rows)
    through = Project.regions.through.objects.filter(project_id__in=pks)
    regions = grouped(through.values_list("project_id", "region__code").order_by("region__code"))
    sectors = grouped(
        Project.sectors.through.objects.filter(project_id__in=pks)
        .values_list("project_id", "sector__code")
        .order_by("sector__code")
    )
    portfolios = grouped(
        Project.portfolios.through.objects.filter(project_id__in=pks)
        .values_list("project_id", "portfolio__slug")
        .order_by("portfolio__slug")
    )
    investors: dict[int, list[dict[str, Any]]] = {}
    org_ids: set[int] = set()
    for pid, org_id, org_code, org_name, country, role, share in (
        ProjectInvestor.objects.filter(project_id__in=pks)
        .order_by("project_id", "-share", "organization__code", "role")
        .values_list(
            "project_id",
            "organization_id",
            "organization__code",
            "organization__name",
            "organization__country__code",
            "role",
            "share",
        )
    ):
        org_ids.add(org_id)
        investors.setdefault(pid, []).append(
            {
                "organization": org_code,
                "name": org_name,
                "country": country,
                "role": role,
                "share": share,
                "_org": org_id,
            }
        )
    identifiers = identifiers_of(org_ids) if detail else None
    extra: dict[str, dict[int, Any]] = {}
    if detail:
        milestones = list(
            Milestone.objects.filter(project_id__in=pks).order_by("project_id", "planned_on", "id")
        )
        extra["milestones"] = grouped((m.project_id, milestone_payload(m)) for m in milestones)
        by_project = grouped((m.project_id, m) for m in milestones)
        extra["forecast_completion"] = {
            pk: forecast_completion(rows[pk]["end_on"], by_project.get(pk, [])) for pk in pks
        }
        extra["sources"] = grouped(
            Project.sources.through.objects.filter(project_id__in=pks)
            .values_list("project_id", "source__code")
            .order_by("source__code")
        )
        from keruen.agreements.models import Agreement

        extra["agreements"] = grouped(
            Agreement.projects.through.objects.filter(
                project_id__in=pks,
                agreement__in=Agreement.objects.restrict(user, "view"),
            )
            .values_list("project_id", "agreement__code")
            .order_by("agreement__code")
        )
        inferred = inferred_statuses((pk, rows[pk]["stage"]) for pk in pks)
        extra["inferred_status"] = {pk: s.as_dict() for pk, s in inferred.items()}

    def fill(pk: int, row: dict[str, Any]) -> None:
        for old, new in RENAMED.items():
            row[new] = row.pop(old)
        row["regions"] = regions.get(pk, [])
        row["sectors"] = sectors.get(pk, [])
        row["portfolios"] = portfolios.get(pk, [])
        row["investors"] = linked_organizations(investors.get(pk, []), identifiers)
        for name, related in extra.items():
            row[name] = related.get(pk, None if name in SINGLE else [])

    return redacted_rows(user, LABEL, rows, order, fill)


def _related_lists() -> dict[str, JSONList]:
    """Each project's regions, sectors, portfolios and investors as JSON arrays, in the order
    `project_payloads_of` gives them."""
    here = OuterRef("pk")
    return {
        "regions": JSONList(
            Project.regions.through.objects.filter(project_id=here)
            .order_by("region__code")
            .values(v=F("region__code"))
        ),
        "sectors": JSONList(
            Project.sectors.through.objects.filter(project_id=here)
            .order_by("sector__code")
            .values(v=F("sector__code"))
        ),
        "portfolios": JSONList(
            Project.portfolios.through.objects.filter(project_id=here)
            .order_by("portfolio__slug")
            .values(v=F("portfolio__slug"))
        ),
        "investors": JSONList(
            ProjectInvestor.objects.filter(project_id=here)
            .order_by("-share", "organization__code", "role")
            .values(
                v=JSONObject(
                    organization="organization__code",
                    name="organization__name",
                    country="organization__country__code",
                    role="role",
                    share="share",
                )
            ),
            objects=True,
        ),
    }


SHARE_PLACES = Decimal("0.01")


def _share(value: Any) -> Decimal | None:
    """An investor's share read back from JSON, as the model gives it (two decimal places)."""
    return None if value is None else Decimal(str(value)).quantize(SHARE_PLACES)


#: Stands for the page's ids (a subquery) in `_PageSQL`'s text until a request puts its own in.
_PAGE_IDS = "SELECT keruen_page_ids"
#: The page query's JSON arrays (`_related_lists`), last of an item's keys.
RELATED = ("regions", "sectors", "portfolios", "investors")
#: The keys of a list item, in the order of the page query's columns between `id` and
#: `restricted_in_scope` (the order `project_payloads_of` gives them).
ITEM_KEYS = (*SCALARS, *RENAMED.values(), *RELATED)


@dataclass(frozen=True)
class _PageSQL:
    """The page query of `project_page_payloads` compiled once, less the page's ids: its text
    before and after them, their parameters, and the conversions of its columns' values."""

    before: str
    after: str
    params_before: tuple[Any, ...]
    params_after: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]


_PAGE_SQL: dict[tuple[Any, ...], _PageSQL] = {}
_PAGE_SQL_MAX = 256


def _page_sql(using: str, order_by: tuple[Any, ...], user: Any) -> _PageSQL:
    """The page query for the database `using`, the page's order and `user`'s scope: each
    project with its columns, its relations as JSON arrays (`_related_lists`) and whether `user`
    may see its restricted fields. Its text depends on nothing else, so it is compiled once per
    process for each (database, order, scope) rather than on every request."""
    key = (using, order_by, user_scope(user))
    cached = _PAGE_SQL.get(key)
    if cached is not None:
        return cached
    lists = _related_lists()
    query = (
        Project.objects.filter(pk__in=RawSQL(_PAGE_IDS, ()))
        .order_by(*order_by)
        .annotate(
            **{f"{name}_json": expr for name, expr in lists.items()},
            restricted_in_scope=restricted_visible_expression(user, Project),
        )
        .values(*VALUES, *(f"{name}_json" for name in lists), "restricted_in_scope")
        .query
    )
    compiler = query.get_compiler(using)
    sql, params = compiler.as_sql()
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if names != ["id", *VALUES[1:], *(f"{n}_json" for n in lists), "restricted_in_scope"]:
        raise RuntimeError(f"unexpected columns of the project page query: {names}")
    before, mark, after = sql.partition(_PAGE_IDS)
    if not mark:
        raise RuntimeError("the project page query lost the place of its ids")
    split = before.count("%s")
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    page_sql = _PageSQL(
        before=before,
        after=after,
        params_before=tuple(params[:split]),
        params_after=tuple(params[split:]),
        converters=tuple(
            (pos, tuple(convs), expr)
            for pos, (convs, expr) in compiler.get_converters(fields).items()
        ),
    )
    if len(_PAGE_SQL) >= _PAGE_SQL_MAX:
        _PAGE_SQL.clear()
    _PAGE_SQL[key] = page_sql
    return page_sql


def project_page_payloads(page: QuerySet[Project], user: Any) -> list[dict[str, Any]]:
    """A page of the project list: each project with its regions, sectors, portfolios and
    investors, and whether `user` may see its restricted fields, in one query.

    The page is chosen first (scope, order, offset and limit over bare ids), else the database
    builds the relations for every skipped row too; the rest of the query is `_page_sql`, so a
    request compiles only the choice of the page."""
    ids_sql, ids_params = page.values("pk").query.get_compiler(page.db).as_sql()
    return _page_items(page.db, tuple(page.query.order_by), ids_sql, ids_params, user)


#: The ORDER BY of a list of projects by database and order (`_order_sql`).
_ORDER_SQL: dict[tuple[Any, ...], str] = {}


def _order_sql(using: str, order_by: tuple[Any, ...]) -> str:
    """The ORDER BY clause of `Project.objects.order_by(*order_by).values("pk")`, which sorts
    any query of projects that selects `pk` first from the table itself (no join, no alias)."""
    key = (using, order_by)
    if key not in _ORDER_SQL:
        query = Project.objects.order_by(*order_by).values("pk").query
        sql, params = query.get_compiler(using).as_sql()
        _head, mark, clause = sql.rpartition(" ORDER BY ")
        if not mark or params:
            raise RuntimeError(f"cannot take the ORDER BY out of {sql!r}")
        if len(_ORDER_SQL) >= _PAGE_SQL_MAX:
            _ORDER_SQL.clear()
        _ORDER_SQL[key] = clause
    return _ORDER_SQL[key]


def project_page(
    projects: QuerySet[Project],
    offset: int,
    limit: int,
    user: Any,
    filters: ProjectFilters | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """The count of `projects` (a sorted list: scope, filters, order) and the payloads of its
    rows `offset` to `offset + limit` (`project_page_payloads`), in two queries.

    The count: when `projects` is `project_list(user=user, filters=filters)` (sorted) and the
    summary tables hold that selection, theirs (`figures.listed_count`: a sum over the reader's
    cells, whatever the number of projects); else the list is counted. The choice of rows is
    compiled once for the count and the page: counted as it is, and paged with its order
    (`_order_sql`) and limits. A list that joins other tables at its top (a selector that did
    not keep each project once by `pk__in`) is counted and paged by Django instead."""
    using = projects.db
    query = projects.query
    order_by = tuple(query.order_by)
    listed = None if filters is None else listed_count(user=user, filters=filters)
    if len(query.alias_map) > 1:
        count = projects.count() if listed is None else listed
        return count, project_page_payloads(projects[offset : offset + limit], user)
    chosen = projects.order_by().values("pk").query
    sql, params = chosen.get_compiler(using).as_sql()
    if listed is None:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) keruen_count", params)
            (listed,) = cursor.fetchone()
    ids_sql = (
        f"{sql} ORDER BY {_order_sql(using, order_by)} LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return int(listed), _page_items(using, order_by, ids_sql, params, user)


def _page_items(
    using: str, order_by: tuple[Any, ...], ids_sql: str, ids_params: Any, user: Any
) -> list[dict[str, Any]]:
    """The payloads of the projects `ids_sql` selects (their pks, in the order `order_by`)."""
    compiled = _page_sql(using, order_by, user)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{compiled.before}{ids_sql}{compiled.after}",
            (*compiled.params_before, *ids_params, *compiled.params_after),
        )
        rows = cursor.fetchall()
    converters = compiled.converters
    items = []
    for raw in rows:
        row = list(raw)
        for pos, convs, expr in converters:
            value = row[pos]
            for convert in convs:
                value = convert(value, expr, connection)
            row[pos] = value
        items.append((dict(zip(ITEM_KEYS, row[1:-1], strict=True)), bool(row[-1])))
    # Every row's four JSON arrays read in one go rather than one by one.
    related = _json_lists([item[name] for item, _s in items for name in RELATED])
    cut = {flag: redactor(user, LABEL, in_scope=flag) for flag in (False, True)}
    out = []
    for n, (item, in_scope) in enumerate(items):
        for k, name in enumerate(RELATED):
            item[name] = related[n * len(RELATED) + k]
        # In the model's order of keys (PostgreSQL's jsonb orders them its own way).
        item["investors"] = [
            {
                "organization": inv["organization"],
                "name": inv["name"],
                "country": inv["country"],
                "role": inv["role"],
                "share": _share(inv["share"]),
            }
            for inv in item["investors"]
        ]
        out.append(cut[in_scope](item))
    return out


def _json_lists(values: list[Any]) -> list[list[Any]]:
    """`json_list` of each of `values` (JSON arrays as text, or None), numbers with a fraction as
    Decimal (investors' shares); parsed as one document, which is quicker than one by one."""
    if all(isinstance(v, str) for v in values):
        return list(json.loads(f"[{','.join(values)}]", parse_float=Decimal)) if values else []
    return [json_list(v, parse_float=Decimal) for v in values]


def project_payload(project: Project, user: Any) -> dict[str, Any]:
    return project_payloads([project.pk], user, detail=True)[0]
