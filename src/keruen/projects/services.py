"""Writes of projects, their investors, milestones and portfolios. The one way to change them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.core.bulk import bulk_insert
from keruen.core.grouping import grouped
from keruen.core.history import apply_changes, delete_with_history, save_with_history
from keruen.core.models import editable_fields
from keruen.core.money import FxTable, derive_usd
from keruen.core.types import Actor
from keruen.notifications.hooks import history_rows_recorded
from keruen.parties.models import Organization
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


def milestone_create(
    *,
    actor: Actor,
    reason: str,
    project: Project,
    kind: str,
    title: str = "",
    planned_on: dt.date | None = None,
    actual_on: dt.date | None = None,
    forecast_on: dt.date | None = None,
    is_critical: bool = False,
) -> Milestone:
    """A milestone added after the schedule was approved has no baseline: it was not promised."""
    m = Milestone(
        project=project,
        kind=kind,
        title=title,
        planned_on=planned_on,
        actual_on=actual_on,
        forecast_on=forecast_on,
        is_critical=is_critical,
    )
    save_with_history(m, actor=actor, reason=reason)
    return m


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


@transaction.atomic
def portfolio_create(
    *,
    actor: Actor,
    reason: str,
    slug: str,
    name: str,
    name_ru: str = "",
    name_kk: str = "",
    description: str = "",
    is_illustrative: bool = False,
) -> Portfolio:
    p = Portfolio(
        slug=slug,
        name=name,
        name_ru=name_ru,
        name_kk=name_kk,
        description=description,
        is_illustrative=is_illustrative,
    )
    save_with_history(p, actor=actor, reason=reason)
    return p


# --- Many new projects at once (imports) --------------------------------------------------------


@dataclass
class ProjectDraft:
    """A new project for `project_bulk_create`: what `project_create` takes, as data."""

    code: str
    title: str
    values: dict[str, Any]
    investors: Sequence[InvestorInput] = ()


def _bulk_history(
    model: type,
    objects: Sequence[Any],
    *,
    actor: Actor,
    reason: str,
    m2m: dict[str, list] | None,
    history_type: str = "+",
) -> None:
    """One history row per object (with the many-to-many snapshot: `m2m` holds every through
    row of the objects, by relation), written in bulk."""
    records = model._keruen_history  # type: ignore[attr-defined]
    history_model = model.history.model  # type: ignore[attr-defined]
    now = timezone.now()
    user_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    fields = records.fields_included(objects[0]) if objects else []
    rows = [
        history_model(
            history_date=now,
            history_type=history_type,
            history_user_id=user_id,
            history_change_reason=reason,
            **{f.attname: getattr(o, f.attname) for f in fields},
        )
        for o in objects
    ]
    bulk_insert(history_model, rows)
    history_rows_recorded(model, rows)  # simple_history sends no signal for bulk rows
    for field in getattr(records, "m2m_fields", []):
        name = field if isinstance(field, str) else field.name
        if not m2m or name not in m2m:
            continue
        m2m_model = records.m2m_models[model._meta.get_field(name)]  # type: ignore[attr-defined]
        through = getattr(model, name).through
        own = next(f.attname for f in through._meta.fields if f.related_model is model)
        other = next(
            f.attname
            for f in through._meta.fields
            if f.is_relation and f.related_model is not model
        )
        by_object = {o.pk: h for o, h in zip(objects, rows, strict=True)}
        bulk_insert(
            m2m_model,
            [
                m2m_model(
                    history=by_object[getattr(t, own)],
                    **{"id": t.pk, own: getattr(t, own), other: getattr(t, other)},
                )
                for t in m2m[name]
            ],
        )


@transaction.atomic
def project_bulk_create(
    *,
    actor: Actor,
    reason: str,
    drafts: Sequence[ProjectDraft],
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
) -> tuple[list[Project], dict[int, ValidationError]]:
    """Create many new projects, validated as `project_create` validates them, in a few queries.

    Returns the projects, or (when any draft is invalid) no projects and each invalid draft's
    error by its index: then nothing is written. Codes must be new and given (the caller checks
    they are unique, as an import does for its file). Each project, investor and relation gets
    its one history row, as through `project_create`.
    """
    resolver = resolver or Resolver()
    prepared: list[tuple[Project, dict[str, list[Any]], Sequence[InvestorInput]]] = []
    errors: dict[int, ValidationError] = {}
    today = timezone.localdate()
    fk_names = [f.name for f in Project._meta.fields if f.is_relation]
    for i, d in enumerate(drafts):
        try:
            fields, rels = _split(d.values)
            fields = resolver.money_currencies(Project, fields)
            project = Project(code=d.code, title=d.title, **fields)
            if project.stage_since is None:
                project.stage_since = today
            _validate(project, d.investors)
            keys = [(i.organization.pk, i.role) for i in d.investors]
            if len(set(keys)) != len(keys):
                raise ValidationError(
                    {"investors": _("An investor is listed twice in the same role.")}
                )
            project.clean_fields(exclude=fk_names)
            derive_usd(project, fx)
            prepared.append((project, _relations(rels, resolver), d.investors))
        except ValidationError as e:
            errors[i] = e
    if errors:
        return [], errors
    projects = list(bulk_insert(Project, [p for p, _r, _i in prepared]))
    m2m_rows: dict[str, list[Any]] = {}
    for name in ("regions", "sectors", "portfolios", "sources"):
        through, own, other = _through(name)
        rows = [
            through(**{own: p.pk, other: o.pk})
            for p, rels, _inv in prepared
            for o in {o.pk: o for o in rels.get(name, [])}.values()
        ]
        bulk_insert(through, rows)
        m2m_rows[name] = rows
    _bulk_history(Project, projects, actor=actor, reason=reason, m2m=m2m_rows)
    investors = [
        ProjectInvestor(project=p, organization=i.organization, role=i.role, share=i.share)
        for p, _rels, invs in prepared
        for i in invs
    ]
    if investors:
        bulk_insert(ProjectInvestor, investors)
        _bulk_history(ProjectInvestor, investors, actor=actor, reason=reason, m2m=None)
    refresh_facts(p.pk for p in projects)
    return projects, errors


#: What `derive_usd` sets on a project.
USD_FIELDS = (
    "total_investment_usd",
    "total_investment_fx",
    "foreign_investment_usd",
    "foreign_investment_fx",
)
#: The relations each history row keeps a snapshot of.
HISTORY_RELATIONS = ("regions", "sectors", "portfolios")


@dataclass
class ProjectChange:
    """A change for `project_bulk_update`: what `project_update` takes, as data."""

    project: Project
    values: dict[str, Any]
    investors: Sequence[InvestorInput] | None = None


def _through(name: str) -> tuple[Any, str, str]:
    through = getattr(Project, name).through
    own = next(f.attname for f in through._meta.fields if f.related_model is Project)
    other = next(
        f.attname for f in through._meta.fields if f.is_relation and f.related_model is not Project
    )
    return through, own, other


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

    The projects must come with their many-to-many relations prefetched (those the changes
    set). Returns whether each changed, or (when any change is invalid) nothing and each invalid
    change's error by its index: then nothing is written. Each changed project gets one "~"
    history row with its relations, as through `project_update`; investors are compared and
    written in bulk (`_bulk_save_investors`): the number of queries does not grow with the rows.
    """
    resolver = resolver or Resolver()
    today = timezone.localdate()
    fk_names = [f.name for f in Project._meta.fields if f.is_relation]
    prepared: list[tuple[Project, list[str], dict[str, list[Any]]]] = []
    errors: dict[int, ValidationError] = {}
    for i, c in enumerate(changes):
        p = c.project
        try:
            fields, rels = _split(c.values)
            fields = resolver.money_currencies(Project, fields)
            if "stage" in fields and fields["stage"] != p.stage and "stage_since" not in fields:
                fields["stage_since"] = today
            relations = _relations(rels, resolver)
            changed = apply_changes(p, fields)
            changed += [
                name
                for name, objects in relations.items()
                if {o.pk for o in objects} != {o.pk for o in getattr(p, name).all()}
            ]
            _validate(p, c.investors)
            p.clean_fields(exclude=fk_names)
            if changed:
                derive_usd(p, fx)
            prepared.append((p, changed, relations))
        except ValidationError as e:
            errors[i] = e
    if errors:
        return [], errors
    dirty = [(p, changed, rels) for p, changed, rels in prepared if changed]
    if dirty:
        now = timezone.now()
        # derive_usd ran on every changed project: its USD values and rates go too.
        columns = {"updated_at", *USD_FIELDS} | {
            name for _p, changed, _r in dirty for name in changed if name in PROJECT_FIELDS
        }
        for p, _c, _r in dirty:
            p.updated_at = now
        Project.objects.bulk_update([p for p, _c, _r in dirty], sorted(columns), batch_size=1000)
        ids = [p.pk for p, _c, _r in dirty]
        for name in ("regions", "sectors", "portfolios", "sources"):
            through, own, other = _through(name)
            moved = [(p, rels[name]) for p, changed, rels in dirty if name in changed]
            if moved:
                through.objects.filter(**{f"{own}__in": [p.pk for p, _o in moved]}).delete()
                bulk_insert(
                    through,
                    [
                        through(**{own: p.pk, other: o.pk})
                        for p, objects in moved
                        for o in {o.pk: o for o in objects}.values()
                    ],
                )
        snapshot = {
            name: list(_through(name)[0].objects.filter(**{f"{_through(name)[1]}__in": ids}))
            for name in HISTORY_RELATIONS
        }
        _bulk_history(
            Project,
            [p for p, _c, _r in dirty],
            actor=actor,
            reason=reason,
            m2m=snapshot,
            history_type="~",
        )
    moved_investors = _bulk_save_investors(
        [(c.project, c.investors) for c in changes if c.investors is not None],
        actor=actor,
        reason=reason,
    )
    out = [bool(changed) or p.pk in moved_investors for p, changed, _rels in prepared]
    refresh_facts(p.pk for (p, _c, _r), moved in zip(prepared, out, strict=True) if moved)
    return out, errors


def _bulk_save_investors(
    wanted_by_project: Sequence[tuple[Project, Sequence[InvestorInput]]],
    *,
    actor: Actor,
    reason: str,
) -> set[int]:
    """`_save_investors` for many projects in a fixed number of queries: read every current
    investor at once, then delete, update and insert in bulk with one history row each ("-",
    "~", "+"). Returns the ids of the projects whose investors changed."""
    if not wanted_by_project:
        return set()
    current = grouped(
        (i.project_id, i)
        for i in ProjectInvestor.objects.filter(
            project_id__in=[p.pk for p, _w in wanted_by_project]
        ).order_by("pk")
    )
    gone: list[ProjectInvestor] = []
    reshared: list[ProjectInvestor] = []
    added: list[ProjectInvestor] = []
    for project, investors in wanted_by_project:
        wanted = {(i.organization.pk, i.role): i for i in investors}
        for existing in current.get(project.pk, []):
            key = (existing.organization_id, existing.role)
            if key not in wanted:
                gone.append(existing)
            elif existing.share != wanted[key].share:
                existing.share = wanted[key].share
                reshared.append(existing)
            wanted.pop(key, None)
        added += [
            ProjectInvestor(
                project=project, organization=i.organization, role=i.role, share=i.share
            )
            for i in wanted.values()
        ]
    for investor in [*reshared, *added]:
        investor.clean_fields(exclude=["project", "organization"])
    if gone:
        _bulk_history(ProjectInvestor, gone, actor=actor, reason=reason, m2m=None, history_type="-")
        # Without the per-row delete signal: its history row is the one written just above.
        doomed = ProjectInvestor.objects.filter(pk__in=[i.pk for i in gone])
        doomed._raw_delete(doomed.db)
    if reshared:
        ProjectInvestor.objects.bulk_update(reshared, ["share"], batch_size=1000)
        _bulk_history(
            ProjectInvestor, reshared, actor=actor, reason=reason, m2m=None, history_type="~"
        )
    if added:
        bulk_insert(ProjectInvestor, added)
        _bulk_history(ProjectInvestor, added, actor=actor, reason=reason, m2m=None)
    return {i.project_id for i in [*gone, *reshared, *added]}
