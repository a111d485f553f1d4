"""Writes of projects, their investors, milestones and portfolios. The one way to change them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.core.grouping import grouped
from keruen.core.history import apply_changes, delete_with_history, save_with_history
from keruen.core.models import editable_fields
from keruen.core.money import FxTable, derive_usd
from keruen.core.services import create_with_history
from keruen.core.types import Actor
from keruen.parties.models import Organization
from keruen.projects import bulk
from keruen.projects.cube import refresh_facts
from keruen.projects.inference import CONFIRMED_STAGE, inferred_status
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor
from keruen.projects.schedule import proposed_milestones, template_for
from keruen.reference.models import Region, Sector
from keruen.reference.selectors import Resolver

CODE_PREFIX = "P-"


@dataclass(frozen=True)
class InvestorInput:
    organization: Organization
    role: str = ProjectInvestor.Role.LEAD
    share: Decimal | None = None


@dataclass(frozen=True)
class MilestoneInput:
    kind: str
    title: str = ""
    planned_on: dt.date | None = None
    actual_on: dt.date | None = None
    forecast_on: dt.date | None = None
    is_critical: bool = False


#: Fields a service caller may set directly on a project, and its relations (by code or record).
PROJECT_FIELDS, PROJECT_RELATIONS = editable_fields(Project, exclude={"code"})


def project_next_code() -> str:
    """The next free code of the form P-000001."""
    last = Project.objects.filter(code__regex=r"^P-[0-9]{6}$").aggregate(m=Max("code"))["m"]
    n = int(last[2:]) + 1 if last else 1
    return f"{CODE_PREFIX}{n:06d}"


def _validate(project: Project, investors: Sequence[InvestorInput] | None) -> None:
    errors: dict[str, list[str]] = {}
    if project.start_on and project.end_on and project.end_on < project.start_on:
        errors.setdefault("end_on", []).append(
            _("The planned completion (%(end)s) is before the start (%(start)s).")
            % {"end": project.end_on, "start": project.start_on}
        )
    if project.parent_id and project.pk and project.parent_id == project.pk:
        errors.setdefault("parent", []).append(_("A project cannot be its own parent."))
    if investors is not None:
        total = sum((i.share or Decimal(0)) for i in investors)
        if total > 100:
            errors.setdefault("investors", []).append(
                _("Investors' shares add up to %(total)s %%; expected 100 %% at most.")
                % {"total": total}
            )
        for inv in investors:
            if inv.share is not None and not (0 <= inv.share <= 100):
                errors.setdefault("investors", []).append(
                    _("A share is a percentage from 0 to 100; got %(share)s.")
                    % {"share": inv.share}
                )
    if errors:
        raise ValidationError(errors)


def _relations(values: dict[str, Any], resolver: Resolver) -> dict[str, list[Any]]:
    """Turn codes into records: regions and sectors by code or name, portfolios by slug."""
    out: dict[str, list[Any]] = {}
    if "regions" in values:
        out["regions"] = [
            r if isinstance(r, Region) else resolver.region(r) for r in values["regions"]
        ]
    if "sectors" in values:
        out["sectors"] = [
            s if isinstance(s, Sector) else resolver.sector(s) for s in values["sectors"]
        ]
    if "portfolios" in values:
        out["portfolios"] = []
        for p in values["portfolios"]:
            if isinstance(p, Portfolio):
                out["portfolios"].append(p)
                continue
            found = Portfolio.objects.filter(slug=p).first()
            if found is None:
                raise ValidationError(
                    {"portfolios": _("Unknown portfolio %(value)r.") % {"value": p}}
                )
            out["portfolios"].append(found)
    if "sources" in values:
        out["sources"] = list(values["sources"])
    return out


def _split(changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(changes) - PROJECT_FIELDS - PROJECT_RELATIONS
    if unknown:
        raise ValidationError(
            {f: _("Unknown project field %(field)r.") % {"field": f} for f in sorted(unknown)}
        )
    fields = {k: v for k, v in changes.items() if k in PROJECT_FIELDS}
    for money in ("total_investment", "foreign_investment"):
        cur = fields.get(f"{money}_currency")
        if isinstance(cur, str):
            fields[f"{money}_currency"] = cur.upper()
    # Currencies are stored by their code; an unknown one is reported by name, not as a
    # missing foreign key.
    rels = {k: v for k, v in changes.items() if k in PROJECT_RELATIONS}
    return fields, rels


def _save_investors(
    project: Project, investors: Sequence[InvestorInput], *, actor: Actor, reason: str
) -> bool:
    wanted = {(i.organization.pk, i.role): i for i in investors}
    changed = False
    for existing in list(project.investors.all()):
        key = (existing.organization_id, existing.role)
        if key not in wanted:
            delete_with_history(existing, actor=actor, reason=reason)
            changed = True
            continue
        if existing.share != wanted[key].share:
            existing.share = wanted[key].share
            save_with_history(existing, actor=actor, reason=reason)
            changed = True
        del wanted[key]
    for inv in wanted.values():
        save_with_history(
            ProjectInvestor(
                project=project, organization=inv.organization, role=inv.role, share=inv.share
            ),
            actor=actor,
            reason=reason,
        )
        changed = True
    return changed


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    reason: str,
    title: str,
    code: str | None = None,
    investors: Sequence[InvestorInput] = (),
    milestones: Sequence[MilestoneInput] = (),
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **values: Any,
) -> Project:
    """Create a project. `values` are the fields of PROJECT_FIELDS and the relations
    (`regions`, `sectors` as codes or names, `portfolios` as slugs, `sources` as Source records).
    """
    resolver = resolver or Resolver()
    fields, rels = _split(values)
    fields = resolver.money_currencies(Project, fields)
    project = Project(code=code or project_next_code(), title=title, **fields)
    if project.stage_since is None:
        project.stage_since = timezone.localdate()
    _validate(project, investors)
    derive_usd(project, fx)
    save_with_history(project, actor=actor, reason=reason, m2m=_relations(rels, resolver))
    if investors:
        _save_investors(project, investors, actor=actor, reason=reason)
    for m in milestones:
        milestone_create(actor=actor, reason=reason, project=project, **m.__dict__)
    refresh_facts([project.pk])
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    reason: str,
    project: Project,
    investors: Sequence[InvestorInput] | None = None,
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **changes: Any,
) -> tuple[Project, bool]:
    """Change a project; returns it and whether anything changed (nothing changed, no history)."""
    resolver = resolver or Resolver()
    fields, rels = _split(changes)
    fields = resolver.money_currencies(Project, fields)
    if "stage" in fields and fields["stage"] != project.stage and "stage_since" not in fields:
        fields["stage_since"] = timezone.localdate()
    relations = _relations(rels, resolver)
    changed = apply_changes(project, fields, relations)
    _validate(project, investors)
    if changed:
        derive_usd(project, fx)
        save_with_history(project, actor=actor, reason=reason, m2m=relations)
    investors_changed = (
        _save_investors(project, investors, actor=actor, reason=reason)
        if investors is not None
        else False
    )
    if changed or investors_changed:
        refresh_facts([project.pk])
    return project, bool(changed) or investors_changed


@transaction.atomic
def project_confirm_inferred_status(
    *, actor: Actor, reason: str, project: Project, status: str
) -> Project:
    """An editor confirms the inferred `status` (`projects.inference`): the declared stage becomes
    suspended (stalled, shelved) or cancelled, with history. A status no longer inferred (the
    project moved meanwhile) is refused, so a stale page cannot confirm it."""
    current = inferred_status(project)
    if current is None or current.status != status:
        raise ValidationError(
            {"status": _("The project is not inferred %(status)s now.") % {"status": status}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the inferred status is confirmed.")})
    project_update(
        actor=actor,
        reason=reason,
        project=project,
        stage=CONFIRMED_STAGE[status],
        stage_since=timezone.localdate(),
    )
    return project


@transaction.atomic
def project_delete(*, actor: Actor, reason: str, project: Project) -> None:
    for inv in project.investors.all():
        delete_with_history(inv, actor=actor, reason=reason)
    for m in project.milestones.all():
        delete_with_history(m, actor=actor, reason=reason)
    pk = project.pk
    delete_with_history(project, actor=actor, reason=reason)
    refresh_facts([pk])


class MilestoneFields(TypedDict, total=False):
    kind: Required[str]
    title: str
    planned_on: dt.date | None
    actual_on: dt.date | None
    forecast_on: dt.date | None
    is_critical: bool


def milestone_create(
    *, actor: Actor, reason: str, project: Project, **fields: Unpack[MilestoneFields]
) -> Milestone:
    """A milestone added after the schedule was approved has no baseline: it was not promised."""
    return create_with_history(
        Milestone, {**fields, "project": project}, actor=actor, reason=reason
    )


#: What an editor changes on a milestone; its baseline is frozen by `project_approve_schedule`.
MILESTONE_FIELDS = frozenset(
    {"kind", "title", "planned_on", "forecast_on", "actual_on", "is_critical"}
)


def milestone_update(
    *, actor: Actor, reason: str, milestone: Milestone, **changes: Any
) -> Milestone:
    """Change a milestone. Once it has a baseline, a new planned date moves its forecast too
    (unless a forecast is given): the baseline itself never moves."""
    unknown = set(changes) - MILESTONE_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if (
        milestone.baseline_on is not None
        and "forecast_on" not in changes
        and changes.get("planned_on", milestone.planned_on) != milestone.planned_on
    ):
        changes = {**changes, "forecast_on": changes["planned_on"]}
    if apply_changes(milestone, changes):
        save_with_history(milestone, actor=actor, reason=reason)
    return milestone


@transaction.atomic
def project_approve_schedule(
    *, actor: Actor, reason: str, project: Project, on: dt.date | None = None
) -> Project:
    """Freeze the baseline: each milestone's planned date becomes its baseline (and its forecast,
    when it has none). Once only: later changes move forecasts, never the baseline."""
    if project.schedule_approved_on is not None:
        raise ValidationError(
            _("The schedule was approved on %(date)s; its baseline does not change.")
            % {"date": project.schedule_approved_on.isoformat()}
        )
    milestones = [m for m in project.milestones.all() if m.planned_on is not None]
    if not milestones:
        raise ValidationError(_("No milestone has a planned date: there is nothing to approve."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say who approved the schedule, and when.")})
    for m in milestones:
        m.baseline_on = m.planned_on
        m.forecast_on = m.forecast_on or m.planned_on
        save_with_history(m, actor=actor, reason=reason)
    project.schedule_approved_on = on or timezone.localdate()
    save_with_history(project, actor=actor, reason=reason)
    return project


@transaction.atomic
def project_apply_milestone_template(
    *, actor: Actor, reason: str, project: Project, start: dt.date | None = None
) -> list[Milestone]:
    """Add the milestones its sector's template proposes, dated from `start` (default: the
    project's start, else today). Only to a project without milestones, so none is doubled."""
    found = template_for(project.sectors.values_list("code", flat=True))
    if found is None:
        raise ValidationError(_("No milestone template for this project's sectors."))
    if project.milestones.exists():
        raise ValidationError(_("The project has milestones already; add more one by one."))
    first = start or project.start_on or timezone.localdate()
    return [
        milestone_create(actor=actor, reason=reason, project=project, **values)
        for values in proposed_milestones(found[1], first)
    ]


class PortfolioFields(TypedDict, total=False):
    slug: Required[str]
    name: Required[str]
    name_ru: str
    name_kk: str
    description: str
    is_illustrative: bool


@transaction.atomic
def portfolio_create(*, actor: Actor, reason: str, **fields: Unpack[PortfolioFields]) -> Portfolio:
    return create_with_history(Portfolio, fields, actor=actor, reason=reason)


# --- Many projects at once (imports) ------------------------------------------------------------
#
# Validated as `project_create` / `project_update` validate one project, without a model instance
# per row: each row is a dict of stored values (by attribute name) behind a bare `Project` that
# `_validate` and `derive_usd` read; the fields a row sets are checked against their field's rules
# in plain Python (`_plainly_valid`), and only a row that may break one goes through Django's
# `clean_fields`, so that its messages are Django's own. Then everything is written as tuples by
# `keruen.projects.bulk`.


@dataclass
class ProjectDraft:
    """A new project for `project_bulk_create`: what `project_create` takes, as data."""

    code: str
    title: str
    values: dict[str, Any]
    investors: Sequence[InvestorInput] = ()


@dataclass
class ProjectChange:
    """A change for `project_bulk_update`: what `project_update` takes, as data (of the project
    only its key is read: its stored values are read again, all of the batch's at once)."""

    project: Project
    values: dict[str, Any]
    investors: Sequence[InvestorInput] | None = None


#: What `derive_usd` sets on a project.
USD_FIELDS = (
    "total_investment_usd",
    "total_investment_fx",
    "foreign_investment_usd",
    "foreign_investment_fx",
)
RELATIONS = ("regions", "sectors", "portfolios", "sources")
_FIELDS = {f.name: f for f in Project._meta.concrete_fields}
_ATTNAMES = [f.attname for f in Project._meta.concrete_fields]
_FK_NAMES = [f.name for f in Project._meta.fields if f.is_relation]
INVESTOR_COLUMNS = ("project_id", "organization_id", "role", "share")


def _through(name: str) -> tuple[str, str, str]:
    """The table of a project relation, its column of the project and of the other record."""
    through = getattr(Project, name).through
    own = next(f.column for f in through._meta.fields if f.related_model is Project)
    other = next(
        f.column for f in through._meta.fields if f.is_relation and f.related_model is not Project
    )
    return through._meta.db_table, own, other


def _bare(values: dict[str, Any]) -> Project:
    """A project holding `values` (by attribute name), built without `Project.__init__`: what
    `_validate`, `derive_usd` and `clean_fields` read, at the cost of a dict."""
    project = Project.__new__(Project)
    project.__dict__.update(values)
    project._state = ModelState()
    return project


def _set(row: dict[str, Any], fields: dict[str, Any]) -> list[str]:
    """Set `fields` (by name; relations as records or keys) on `row`; the names that differ."""
    changed = []
    for name, value in fields.items():
        f = _FIELDS[name]
        if f.is_relation and isinstance(value, models.Model):
            value = getattr(value, f.target_field.attname)  # type: ignore[attr-defined]
        if row[f.attname] != value:
            changed.append(name)
        row[f.attname] = value
    return changed


@cache
def _choice_values(f: models.Field) -> frozenset[Any]:
    """The stored values a field with choices takes, read once per field."""
    return frozenset(v for v, _label in f.flatchoices)


def _plainly_valid(f: models.Field, value: Any) -> bool:
    """Whether `value` surely passes `f.clean` unchanged (False: perhaps not; let Django say)."""
    return _checker(f)(value)


@cache
def _checker(f: models.Field) -> Callable[[Any], bool]:
    """`_plainly_valid` of field `f`, its rules read once: a function of the value."""
    empty, blank = f.empty_values, f.blank
    choices = _choice_values(f) if f.choices else None
    places, length = getattr(f, "decimal_places", None) or 0, f.max_length
    bound = 10 ** ((getattr(f, "max_digits", None) or 0) - places)

    def decimal(value: Any) -> bool:
        if not isinstance(value, Decimal) or not value.is_finite():
            return False
        exponent = value.as_tuple().exponent
        return (
            isinstance(exponent, int)
            and exponent >= -places
            and abs(value) < bound
            and _within(f, value)
        )

    def integer(value: Any) -> bool:
        return type(value) is int and _within(f, value)

    def slug(value: Any) -> bool:
        return type(value) is str and len(value) <= (length or 0) and bool(_SLUG.match(value))

    def text(value: Any) -> bool:
        return type(value) is str and (length is None or len(value) <= length)

    typed: Callable[[Any], bool] = _never
    if isinstance(f, models.BooleanField):
        typed = _is_bool
    elif isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        typed = _is_date
    elif isinstance(f, models.DecimalField):
        typed = decimal
    elif isinstance(f, models.IntegerField):
        typed = integer
    elif isinstance(f, models.SlugField):
        typed = slug
    elif isinstance(f, models.CharField | models.TextField):
        typed = text

    def check(value: Any) -> bool:
        if value in empty:
            return blank
        if choices is not None and not (isinstance(value, str | int) and value in choices):
            return False
        return typed(value)

    return check


def _is_bool(value: Any) -> bool:
    return type(value) is bool


def _is_date(value: Any) -> bool:
    return type(value) is dt.date


def _never(value: Any) -> bool:
    return False


def _within(f: models.Field, value: Any) -> bool:
    for v in f.validators:
        if isinstance(v, MinValueValidator) and value < v.limit_value:
            return False
        if isinstance(v, MaxValueValidator) and value > v.limit_value:
            return False
    return True


_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_SHARE = ProjectInvestor._meta.get_field("share")
_ROLE = ProjectInvestor._meta.get_field("role")


def _clean(project: Project, names: Sequence[str]) -> None:
    """The field checks of `full_clean` on the fields `names` set, by Django's `clean_fields`
    where a value may fail them."""
    values = project.__dict__
    for name in names:
        f = _FIELDS[name]
        if not f.is_relation and not _checker(f)(values[f.attname]):
            project.clean_fields(exclude=_FK_NAMES)
            return


def _clean_investors(investors: Sequence[InvestorInput]) -> None:
    """The field checks of `full_clean` on each investor, as `project_create` saves them."""
    for i in investors:
        if not (_plainly_valid(_SHARE, i.share) and _plainly_valid(_ROLE, i.role)):
            ProjectInvestor(role=i.role, share=i.share).clean_fields(
                exclude=["project", "organization"]
            )


def _same_role_twice(investors: Sequence[InvestorInput]) -> None:
    keys = [(i.organization.pk, i.role) for i in investors]
    if len(set(keys)) != len(keys):
        raise ValidationError({"investors": _("An investor is listed twice in the same role.")})


def _insert_relations(
    rows: Sequence[tuple[int, dict[str, list[Any]]]], names: Sequence[str] = RELATIONS
) -> dict[str, list[tuple[int, int, int]]]:
    """The through rows of each project's relations (each record once, in the order given);
    by relation, the rows written as (through key, project key, other key)."""
    written = {}
    for name in names:
        table, own, other = _through(name)
        pairs = [
            (pk, o) for pk, rels in rows for o in dict.fromkeys(r.pk for r in rels.get(name, ()))
        ]
        keys = bulk.insert_new(table, [own, other], pairs)
        written[name] = [(key, pk, o) for key, (pk, o) in zip(keys, pairs, strict=True)]
    return written


@transaction.atomic
def project_bulk_create(
    *,
    actor: Actor,
    reason: str,
    drafts: Sequence[ProjectDraft],
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
) -> tuple[list[str], dict[int, ValidationError]]:
    """Create many new projects, validated as `project_create` validates them, in a few queries.

    Returns the new projects' codes, or (when any draft is invalid) none and each invalid draft's
    error by its index: then nothing is written. Codes must be new and given (the caller checks
    they are unique, as an import does for its file). Each project, investor and relation gets
    its one history row, as through `project_create`; the summary tables move once for the lot.
    """
    resolver = resolver or Resolver()
    today = timezone.localdate()
    prepared: list[tuple[dict[str, Any], dict[str, list[Any]], Sequence[InvestorInput]]] = []
    errors: dict[int, ValidationError] = {}
    defaults = {f.attname: f.get_default() for f in Project._meta.concrete_fields}
    for i, d in enumerate(drafts):
        try:
            fields, rels = _split(d.values)
            fields = resolver.money_currencies(Project, fields)
            row = dict(defaults)
            _set(row, {"code": d.code, "title": d.title, **fields})
            if row["stage_since"] is None:
                row["stage_since"] = today
            project = _bare(row)
            _validate(project, d.investors)
            _same_role_twice(d.investors)
            # In the order of `project_create`: the USD values, the project, its investors.
            derive_usd(project, fx)
            _clean(project, ["code", "title", *fields])
            _clean_investors(d.investors)
            del project.__dict__["_state"]
            prepared.append((project.__dict__, _relations(rels, resolver), d.investors))
        except ValidationError as e:
            errors[i] = e
    if errors or not prepared:
        return [], errors
    now = timezone.now()
    stamp = bulk.db_datetime(now)
    columns = [a for a in _ATTNAMES if a != "id"]
    for row, _rels, _inv in prepared:
        row["created_at"] = row["updated_at"] = stamp
    ids = bulk.insert_new(
        Project._meta.db_table, columns, [[row[a] for a in columns] for row, _r, _i in prepared]
    )
    for pk, (row, _rels, _inv) in zip(ids, prepared, strict=True):
        row["id"] = pk
    through = _insert_relations(
        [(pk, rels) for pk, (_row, rels, _i) in zip(ids, prepared, strict=True)]
    )
    by: dict[str, Any] = {"actor": actor, "reason": reason, "now": now}
    bulk.write_history(
        Project, [row for row, _r, _i in prepared], relations=through, history_type="+", **by
    )
    investors = [
        (pk, i.organization.pk, i.role, i.share)
        for pk, (_row, _rels, invs) in zip(ids, prepared, strict=True)
        for i in invs
    ]
    if investors:
        keys = bulk.insert_new(ProjectInvestor._meta.db_table, INVESTOR_COLUMNS, investors)
        bulk.write_history(
            ProjectInvestor,
            [
                dict(zip(("id", *INVESTOR_COLUMNS), (key, *row), strict=True))
                for key, row in zip(keys, investors, strict=True)
            ],
            history_type="+",
            **by,
        )
    refresh_facts(ids)
    return [row["code"] for row, _r, _i in prepared], errors


@transaction.atomic
def project_bulk_update(
    *,
    actor: Actor,
    reason: str,
    changes: Sequence[ProjectChange],
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
) -> tuple[list[bool], dict[int, ValidationError]]:
    """Change many projects, validated as `project_update` validates them, in a few queries.

    Returns whether each changed, or (when any change is invalid) nothing and each invalid
    change's error by its index: then nothing is written. Each changed project gets one "~"
    history row with its relations, as through `project_update`; investors are compared and
    written in bulk (`_bulk_save_investors`): the number of queries does not grow with the rows.
    """
    resolver = resolver or Resolver()
    today = timezone.localdate()
    ids = [c.project.pk for c in changes]
    stored = {
        row["id"]: row for row in Project.objects.filter(bulk.among("id", ids)).values(*_ATTNAMES)
    }
    named = {n for c in changes for n in c.values if n in RELATIONS}
    current: dict[str, dict[int, set[Any]]] = {}
    for name in named:
        table, own, other = _through(name)
        current[name] = {pk: set() for pk in ids}
        for pk, target in (
            getattr(Project, name)
            .through.objects.filter(bulk.among(own, ids))
            .values_list(own, other)
        ):
            current[name][pk].add(target)
    prepared: list[tuple[dict[str, Any], list[str], dict[str, list[Any]]]] = []
    errors: dict[int, ValidationError] = {}
    for i, c in enumerate(changes):
        row = dict(stored[c.project.pk])
        try:
            fields, rels = _split(c.values)
            fields = resolver.money_currencies(Project, fields)
            if fields.get("stage", row["stage"]) != row["stage"] and "stage_since" not in fields:
                fields["stage_since"] = today
            relations = _relations(rels, resolver)
            changed = _set(row, fields)
            changed += [
                name
                for name, objects in relations.items()
                if {o.pk for o in objects} != current[name][row["id"]]
            ]
            project = _bare(row)
            _validate(project, c.investors)
            _same_role_twice(c.investors or ())
            # In the order of `project_update`: the USD values, the project, its investors.
            if changed:
                derive_usd(project, fx)
            _clean(project, list(fields))
            _clean_investors(c.investors or ())
            del project.__dict__["_state"]
            prepared.append((project.__dict__, changed, relations))
        except ValidationError as e:
            errors[i] = e
    if errors:
        return [], errors
    dirty = [(row, changed, rels) for row, changed, rels in prepared if changed]
    now = timezone.now()
    if dirty:
        # derive_usd ran on every changed project: its USD values and rates go too.
        names = {"updated_at", *USD_FIELDS} | {
            n for _row, changed, _r in dirty for n in changed if n in PROJECT_FIELDS
        }
        attnames = [_FIELDS[n].attname for n in sorted(names)]
        columns = [_FIELDS[n].column or n for n in sorted(names)]
        stamp = bulk.db_datetime(now)
        for row, _c, _r in dirty:
            row["updated_at"] = stamp
        bulk.update(
            Project._meta.db_table,
            columns,
            [[row["id"], *(row[a] for a in attnames)] for row, _c, _r in dirty],
        )
        for name in RELATIONS:
            moved = [(row["id"], rels) for row, changed, rels in dirty if name in changed]
            if moved:
                table, own, _other = _through(name)
                bulk.delete(table, own, [pk for pk, _r in moved])
                _insert_relations(moved, [name])
        bulk.copy_history(
            Project,
            "id",
            [row["id"] for row, _c, _r in dirty],
            actor=actor,
            reason=reason,
            history_type="~",
            now=now,
        )
        for c, (row, changed, _r) in zip(changes, prepared, strict=True):
            # The caller's project holds what was written, as after `project_update`.
            for name in [*changed, *USD_FIELDS] if changed else ():
                if name in _FIELDS:
                    setattr(c.project, _FIELDS[name].attname, row[_FIELDS[name].attname])
    moved_investors = _bulk_save_investors(
        [(c.project.pk, c.investors) for c in changes if c.investors is not None],
        actor=actor,
        reason=reason,
        now=now,
    )
    out = [bool(changed) or row["id"] in moved_investors for row, changed, _rels in prepared]
    refresh_facts(row["id"] for (row, _c, _r), moved in zip(prepared, out, strict=True) if moved)
    return out, errors


def _bulk_save_investors(
    wanted_by_project: Sequence[tuple[int, Sequence[InvestorInput]]],
    *,
    actor: Actor,
    reason: str,
    now: dt.datetime,
) -> set[int]:
    """`_save_investors` for many projects in a fixed number of queries: read every current
    investor at once, then delete, update and insert in bulk with one history row each ("-",
    "~", "+"). Returns the ids of the projects whose investors changed."""
    if not wanted_by_project:
        return set()
    current = grouped(
        (row[1], row)
        for row in ProjectInvestor.objects.filter(
            bulk.among("project_id", [pk for pk, _w in wanted_by_project])
        )
        .order_by("pk")
        .values_list("pk", "project_id", "organization_id", "role", "share")
    )
    gone: list[int] = []
    reshared: list[tuple[int, Decimal | None]] = []
    added: list[tuple[int, int, str, Decimal | None]] = []
    moved: set[int] = set()
    for project_id, investors in wanted_by_project:
        wanted = {(i.organization.pk, i.role): i for i in investors}
        for pk, _project, organization_id, role, share in current.get(project_id, []):
            key = (organization_id, role)
            if key not in wanted:
                gone.append(pk)
                moved.add(project_id)
            elif share != wanted[key].share:
                reshared.append((pk, wanted[key].share))
                moved.add(project_id)
            wanted.pop(key, None)
        added += [(project_id, i.organization.pk, i.role, i.share) for i in wanted.values()]
        if wanted:
            moved.add(project_id)
    by: dict[str, Any] = {"actor": actor, "reason": reason, "now": now}
    table = ProjectInvestor._meta.db_table
    if gone:
        bulk.copy_history(ProjectInvestor, "id", gone, history_type="-", **by)
        bulk.delete(table, "id", gone)
    if reshared:
        bulk.update(table, ["share"], reshared)
        bulk.copy_history(
            ProjectInvestor, "id", [pk for pk, _s in reshared], history_type="~", **by
        )
    if added:
        ids = bulk.insert_new(table, INVESTOR_COLUMNS, added)
        bulk.copy_history(ProjectInvestor, "id", ids, history_type="+", **by)
    return moved
