"""Projects: the canonical columns, reading a row, and writing it through the project services."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.core.models import TITLE_FIELDS, Confidentiality
from keruen.imports.base import MISSING, Batch, Outcome, RowReader
from keruen.imports.formats import (
    CellError,
    parse_decimal,
    split_list,
)
from keruen.imports.kinds.common import (
    UNSET,
    CodedRow,
    ImportContext,
    PlainColumns,
    differing,
    differing_values,
    finished,
    pending_parent,
    stored_values,
    with_parent,
)
from keruen.parties.models import Organization
from keruen.projects import bulk
from keruen.projects.models import Project, ProjectInvestor, Stage
from keruen.projects.services import (
    InvestorInput,
    ProjectChange,
    ProjectDraft,
    project_bulk_create,
    project_bulk_update,
    project_create,
    project_update,
)

COLUMNS = [
    "code",
    *TITLE_FIELDS,
    "description",
    "stage",
    "stage_since",
    "regions",
    "sectors",
    "investors",
    "investor_roles",
    "investor_shares",
    "investor_countries",
    "total_investment_amount",
    "total_investment_currency",
    "total_investment_date",
    "foreign_investment_amount",
    "foreign_investment_currency",
    "foreign_investment_date",
    "jobs_planned",
    "jobs_created",
    "construction_jobs_planned",
    "construction_jobs_created",
    "responsible_body",
    "curator",
    "portfolios",
    "confidentiality",
    "parent",
    "counts_in_totals",
    "start_on",
    "end_on",
    "is_illustrative",
    "negotiation_notes",
]
#: Columns only those who may see confidential fields get.
CONFIDENTIAL_COLUMNS = {"negotiation_notes"}
KEY = "code"
#: What a new row (without a code) must have.
NEW_NEEDS = gettext_lazy("a title for a new project")
PLAIN = PlainColumns(
    text=("title", "title_ru", "title_kk", "description", "negotiation_notes"),
    required={"title": gettext_lazy("a title (this column cannot be empty)")},
    dates=("stage_since", "start_on", "end_on"),
    ints=("jobs_planned", "jobs_created", "construction_jobs_planned", "construction_jobs_created"),
    bools={"counts_in_totals": True, "is_illustrative": False},
    choices={
        "stage": (Stage, Stage.ANNOUNCED),
        "confidentiality": (Confidentiality, Confidentiality.PUBLIC),
    },
    money=("total_investment", "foreign_investment"),
)
INVESTOR_COLUMNS = ("investors", "investor_roles", "investor_shares", "investor_countries")
#: The investors' roles (read once: an enum's members cost a lookup each time).
ROLES = tuple(ProjectInvestor.Role.values)
LEAD = str(ProjectInvestor.Role.LEAD.value)


@dataclass
class ProjectRow(CodedRow):
    investors: list[InvestorInput] | None = None
    parent: Any = UNSET  # a code, None (no parent) or UNSET (column absent)
    #: The stored project's values (`stored_values`), once the batch has read them.
    stored: dict[str, Any] = field(default_factory=dict)


def _investors(r: RowReader, ctx: ImportContext) -> list[InvestorInput] | None:
    names = split_list(r.text("investors"))
    n = len(names)
    lists: dict[str, list[str]] = {}
    for col in INVESTOR_COLUMNS[1:]:
        if not r.has(col) or not r.text(col):
            lists[col] = [""] * n
            continue
        values = split_list(r.text(col))
        if len(values) != n:
            r.problem(
                col,
                r.text(col),
                _("%(n)d values separated by ';', one per investor") % {"n": n},
            )
            return None
        lists[col] = values
    out: list[InvestorInput] = []
    for i, name in enumerate(names):
        if not name:
            r.problem("investors", r.text("investors"), _("no empty names between ';'"))
            return None
        role_raw = lists["investor_roles"][i] or LEAD
        role = role_raw.casefold().replace("-", "_").replace(" ", "_")
        if role not in ROLES:
            r.problem(
                "investor_roles", role_raw, _("one of %(values)s") % {"values": ", ".join(ROLES)}
            )
            return None
        share: Decimal | None = None
        if lists["investor_shares"][i]:
            raw = lists["investor_shares"][i].rstrip("%").strip()
            try:
                share = parse_decimal(raw.replace(",", "."))
            except CellError:
                r.problem("investor_shares", lists["investor_shares"][i], _("a percentage 0-100"))
                return None
        country = None
        if lists["investor_countries"][i]:
            country = ctx.one(
                RowReader(
                    r.row, {"investor_countries": lists["investor_countries"][i]}, r.problems
                ),
                "investor_countries",
                ctx.resolver.country,
            )
            if country is MISSING:
                r.failed = True
                return None
        org = ctx.organization(r, "investors", name, country=country)
        if org is MISSING:
            return None
        out.append(InvestorInput(org, role, share))
    return out


def parse(r: RowReader, ctx: ImportContext, multipliers: dict[str, Decimal]) -> ProjectRow | None:
    item = ProjectRow(row=r, code=r.text("code"))
    v = item.values = PLAIN.read(r, ctx, multipliers)
    if r.has("regions"):
        v["regions"] = ctx.many(r, "regions", ctx.resolver.region)
    if r.has("sectors"):
        v["sectors"] = ctx.many(r, "sectors", ctx.resolver.sector)
    if r.has("portfolios"):
        v["portfolios"] = ctx.portfolios(r)
    for col in ("responsible_body", "curator"):
        if r.has(col):
            name = r.text(col)
            v[col] = (
                ctx.organization(r, col, name, kind=Organization.Kind.STATE_BODY) if name else None
            )
    if r.has("parent"):
        item.parent = r.text("parent") or None
    if r.has("investors"):
        item.investors = _investors(r, ctx)
    return finished(r, item, v, new_needs="title", expected=NEW_NEEDS)


parent_pending = pending_parent(Project)


def apply(item: ProjectRow, ctx: ImportContext) -> tuple[Outcome, str]:
    values, existing = with_parent(Project, item, _("the code of a known project"))
    if existing is None:
        title = values.pop("title", "")
        project = project_create(
            **ctx.by,
            code=item.code or None,
            title=title,
            investors=item.investors or (),
            **ctx.lookups,
            **values,
        )
        return "created", project.code
    values = differing(existing, values)
    _project, changed = project_update(
        **ctx.by, project=existing, investors=item.investors, **ctx.lookups, **values
    )
    return ("updated" if changed else "unchanged"), existing.code


def split_batch(items: list[ProjectRow], ctx: ImportContext) -> Batch:
    """Sort a batch by what it needs: the batch's stored projects are read as plain values in a
    few queries, so that a row which changes nothing costs no query of its own (a rerun of the
    same file is a read of the batch); the rest go one by one (changes, rows without a code,
    rows naming a parent) or in bulk (new rows, changed rows)."""
    codes = [it.code for it in items if it.code]
    names = {name for it in items for name in it.values}
    stored = stored_values(Project, "code", codes, names)
    investors: dict[Any, dict[tuple[Any, str], Any]] = {}
    if any(it.investors is not None for it in items):
        ids = [row["pk"] for row in stored.values()]
        for project_id, org_id, role, share in ProjectInvestor.objects.filter(
            bulk.among("project_id", ids)
        ).values_list("project_id", "organization_id", "role", "share"):
            investors.setdefault(project_id, {})[(org_id, role)] = share
    batch = Batch()
    for it in items:
        row = stored.get(it.code) if it.code else None
        if it.code and row is None:
            batch.news.append(it)
        elif (
            row is not None
            and it.parent is UNSET
            and not differing_values(Project, row, it.values)
            and (
                it.investors is None
                or investors.get(row["pk"], {})
                == {(i.organization.pk, i.role): i.share for i in it.investors}
            )
        ):
            batch.unchanged.append(it.code)
        elif row is not None and it.parent is UNSET:
            it.stored = row
            batch.changed.append(it)
        else:
            batch.singles.append(it)
    return batch


def bulk_apply(
    items: list[ProjectRow], ctx: ImportContext
) -> tuple[list[tuple[Outcome, str]], dict[int, Any]]:
    """Create new projects in bulk (validated as project_create validates them)."""
    parent_codes = {it.parent for it in items if isinstance(it.parent, str)}
    parents = {p.code: p for p in Project.objects.filter(code__in=parent_codes)}
    drafts = []
    for it in items:
        values = dict(it.values)
        title = values.pop("title", "")
        if isinstance(it.parent, str):
            values["parent"] = parents[it.parent]
        elif it.parent is None:
            values["parent"] = None
        drafts.append(ProjectDraft(it.code, title, values, it.investors or ()))
    codes, errors = project_bulk_create(**ctx.by, drafts=drafts, **ctx.lookups)
    return [("created", code) for code in codes], errors


def _by_key(pk: Any) -> Project:
    """A stored project known by its key alone (all `project_bulk_update` reads of it), built
    without `Project.__init__`, which costs more than reading the row."""
    project = Project.__new__(Project)
    project._state = ModelState()
    project.pk = pk
    return project


def bulk_change(
    items: list[ProjectRow], ctx: ImportContext
) -> tuple[list[tuple[Outcome, str]], dict[int, Any]]:
    """Change stored projects in bulk (validated as project_update validates them): each row's
    values that differ from the stored ones its batch read (`split_batch`)."""
    changes = [
        ProjectChange(
            _by_key(it.stored["pk"]),
            differing_values(Project, it.stored, it.values),
            it.investors,
        )
        for it in items
    ]
    changed, errors = project_bulk_update(**ctx.by, changes=changes, **ctx.lookups)
    return [
        ("updated" if flag else "unchanged", it.code)
        for flag, it in zip(changed, items, strict=True)
    ], errors
