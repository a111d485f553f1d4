"""Projects as the API shows them: plain dicts, a page of them in a fixed number of queries.

Fields the caller may not see are removed by `accounts.policy.redact`. (The export's canonical
rows, cells as text, are `reports.exports.rows.project_rows`: another representation.)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import F, OuterRef, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject

from keruen.accounts.policy import redact, redacted_rows, restricted_visible_expression
from keruen.core.grouping import grouped
from keruen.core.json_arrays import JSONList, json_list
from keruen.core.models import TITLE_FIELDS
from keruen.parties.payloads import identifiers_of, linked_organizations
from keruen.projects.inference import inferred_statuses
from keruen.projects.models import Milestone, Project, ProjectInvestor
from keruen.projects.schedule import forecast_completion, slip_days

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


#: The SQL of `_related_lists` by database vendor: the same text for every page and caller, so
#: it is compiled once per process rather than on every request.
_RELATED_SQL: dict[str, dict[str, tuple[str, tuple[Any, ...]]]] = {}


def _related_columns(using: str) -> dict[str, RawSQL]:
    """`_related_lists` as SQL for the database `using`, correlated to the outer query's
    `projects_project` row."""
    vendor = connections[using].vendor
    if vendor not in _RELATED_SQL:
        lists = _related_lists()
        query = Project.objects.annotate(**{f"{name}_json": e for name, e in lists.items()}).query
        compiler = query.get_compiler(using)
        _RELATED_SQL[vendor] = {
            name: (sql, tuple(params))
            for name in lists
            for sql, params in [compiler.compile(query.annotations[f"{name}_json"])]
        }
    return {
        name: RawSQL(sql, params, output_field=TextField())
        for name, (sql, params) in _RELATED_SQL[vendor].items()
    }


SHARE_PLACES = Decimal("0.01")


def _share(value: Any) -> Decimal | None:
    """An investor's share read back from JSON, as the model gives it (two decimal places)."""
    return None if value is None else Decimal(str(value)).quantize(SHARE_PLACES)


def project_page_payloads(page: QuerySet[Project], user: Any) -> list[dict[str, Any]]:
    """A page of the project list: each project with its regions, sectors, portfolios and
    investors, and whether `user` may see its restricted fields, in one query."""
    related = _related_columns(page.db)
    names = {name: f"{name}_json" for name in related}
    # The relations are built for the page's rows only: the page is chosen first (scope, order,
    # offset and limit over bare ids), else the database builds them for every skipped row too.
    chosen = Project.objects.filter(pk__in=page.values("pk")).order_by(*page.query.order_by)
    rows = chosen.annotate(
        **{names[name]: expr for name, expr in related.items()},
        restricted_in_scope=restricted_visible_expression(user, Project),
    ).values(*VALUES, *names.values(), "restricted_in_scope")
    out = []
    for row in rows:
        row.pop("id")
        in_scope = bool(row.pop("restricted_in_scope"))
        for old, new in RENAMED.items():
            row[new] = row.pop(old)
        for name in ("regions", "sectors", "portfolios"):
            row[name] = json_list(row.pop(names[name]))
        row["investors"] = [
            {
                "organization": inv["organization"],
                "name": inv["name"],
                "country": inv["country"],
                "role": inv["role"],
                "share": _share(inv["share"]),
            }
            for inv in json_list(row.pop(names["investors"]), parse_float=Decimal)
        ]
        out.append(redact(user, LABEL, row, in_scope=in_scope))
    return out


def project_payload(project: Project, user: Any) -> dict[str, Any]:
    return project_payloads([project.pk], user, detail=True)[0]
