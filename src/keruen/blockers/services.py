"""Writes of blocking issues: raise, take up, resolve, reject, confirm, escalate, turn into an
instruction. Each records one history row with who, when and why, then sends `issue_changed`
(`blockers.signals`) for whoever follows issues (notifications).

Who may do what (docs/issues.md):

- raise: coordinators; regional editors on projects of their regions; agency officers on projects
  they may see;
- take up, resolve, reject: the receiving body (its officers; for an akimat, its region's
  editors) and coordinators;
- confirm a resolution: whoever raised the issue, and coordinators;
- escalate by hand, turn into an instruction: coordinators; the clock escalates by itself
  (`issues_escalate`, the scheduler's `issue-escalation` job).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keruen.accounts.models import Role
from keruen.accounts.policy import CHANGE, VIEW, can, is_coordinator
from keruen.accounts.selectors import user_scope
from keruen.blockers.models import LADDER, Category, Issue, Level
from keruen.blockers.signals import issue_changed
from keruen.core.history import save_with_history
from keruen.core.services import move_status, required_text
from keruen.core.types import Actor
from keruen.instructions.services import almaty_today, instruction_create
from keruen.parties.models import Organization
from keruen.projects.models import Project

S = Issue.Status

#: status → the statuses it may move to.
TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.IN_PROGRESS, S.RESOLVED, S.REJECTED},
    S.IN_PROGRESS: {S.RESOLVED, S.REJECTED},
    S.RESOLVED: {S.CONFIRMED, S.IN_PROGRESS},
    S.CONFIRMED: set(),
    S.REJECTED: set(),
}
RECEIVING_KINDS = (
    Organization.Kind.AKIMAT,
    Organization.Kind.MINISTRY,
    Organization.Kind.AGENCY,
    Organization.Kind.STATE_BODY,
)


def is_overdue(issue: Issue, today: dt.date | None = None) -> bool:
    """Required-by date passed (in Almaty) and still unresolved."""
    return issue.is_unresolved and issue.required_by < (today or almaty_today())


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.pk else None


def _refuse(what: str, issue: Issue | None = None) -> PermissionDenied:
    if issue is None:
        return PermissionDenied(_("You may not %(what)s.") % {"what": what})
    return PermissionDenied(
        _("You may not %(what)s issue #%(id)s.") % {"what": what, "id": issue.pk}
    )


def may_raise(actor: Actor, project: Project) -> bool:
    scope = user_scope(actor)
    if scope.is_coordinator:
        return True
    if scope.role == Role.REGIONAL_EDITOR:
        return can(actor, CHANGE, project)
    return scope.role == Role.AGENCY_OFFICER and can(actor, VIEW, project)


def may_answer(actor: Actor, issue: Issue) -> bool:
    """The receiving body (and coordinators) take up, resolve and reject."""
    return can(actor, CHANGE, issue)


def may_confirm(actor: Actor, issue: Issue) -> bool:
    user = _user(actor)
    return is_coordinator(actor) or (user is not None and user.pk == issue.raised_by_id)


def _first_level(category: Category, body: Organization) -> str:
    ladder = category.ladder or [str(level) for level in LADDER]
    wanted = Level.AKIMAT if body.kind == Organization.Kind.AKIMAT else Level.MINISTRY
    return str(wanted) if wanted in ladder else str(ladder[0])


def _validate_ladder(category: Category) -> None:
    known = {str(level) for level in LADDER}
    ladder = category.ladder
    if not isinstance(ladder, list) or not ladder or any(step not in known for step in ladder):
        raise ValidationError(
            {
                "ladder": _("A ladder is a list of levels among: %(levels)s.")
                % {"levels": ", ".join(known)}
            }
        )
    if sorted(ladder, key=[str(level) for level in LADDER].index) != ladder:
        raise ValidationError({"ladder": _("A ladder goes up: akimat, ministry, ...")})


def _save(issue: Issue, *, actor: Actor, reason: str, change: str) -> Issue:
    save_with_history(issue, actor=actor, reason=reason)
    issue_changed.send(sender=Issue, issue=issue, change=change, actor=_user(actor))
    return issue


def _text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def issue_raise(
    *,
    actor: Actor,
    reason: str = "",
    project: Project,
    category: Category | str,
    receiving_body: Organization | str,
    description: str = "",
    description_ru: str = "",
    description_kk: str = "",
    raised_for: Organization | str | None = None,
    raised_on: dt.date | None = None,
    is_illustrative: bool = False,
) -> Issue:
    """Raise a blocking issue; its required-by date is the raising day plus the category's norm."""
    if not may_raise(actor, project):
        raise _refuse(_("raise issues on project %(code)s") % {"code": project.code})
    errors: dict[str, str] = {}
    if isinstance(category, str):
        found = Category.objects.filter(code=category).first()
        if found is None:
            codes = ", ".join(Category.objects.values_list("code", flat=True))
            errors["category"] = _("No category %(code)s (known: %(codes)s).") % {
                "code": category,
                "codes": codes,
            }
        category = found  # type: ignore[assignment]
    body = _organization(receiving_body, "receiving_body", errors)
    if body is not None and body.kind not in RECEIVING_KINDS:
        errors["receiving_body"] = _(
            "%(code)s is a %(kind)s; issues go to a ministry, agency, state body or akimat."
        ) % {"code": body.code, "kind": body.get_kind_display()}
    investor = _organization(raised_for, "raised_for", errors) if raised_for else None
    texts = [_text(description), _text(description_ru), _text(description_kk)]
    if not any(texts):
        errors["description"] = _("Describe the issue in at least one of the three languages.")
    if errors:
        raise ValidationError(errors)
    assert isinstance(category, Category) and body is not None
    raised_on = raised_on or almaty_today()
    issue = Issue(
        project=project,
        category=category,
        receiving_body=body,
        description=texts[0],
        description_ru=texts[1],
        description_kk=texts[2],
        raised_by=_user(actor),
        raised_for=investor,
        raised_on=raised_on,
        required_by=raised_on + dt.timedelta(days=category.norm_days),
        level=_first_level(category, body),
        is_illustrative=is_illustrative,
    )
    return _save(issue, actor=actor, reason=reason or _("Issue raised"), change="raised")


def _organization(
    value: Organization | str | None, name: str, errors: dict[str, str]
) -> Organization | None:
    if value is None or isinstance(value, Organization):
        return value
    found = Organization.objects.filter(code=value).first()
    if found is None:
        errors[name] = _("No organization %(code)s.") % {"code": value}
    return found


def _move(issue: Issue, to: str) -> None:
    move_status(
        issue,
        to,
        TRANSITIONS,
        _("Issue #%(id)s is %(current)s; it cannot become %(to)s (allowed next: %(allowed)s)."),
        none=_("none"),
        id=issue.pk,
    )


@transaction.atomic
def issue_start(*, actor: Actor, reason: str = "", issue: Issue) -> Issue:
    """The receiving body takes the issue up."""
    if not may_answer(actor, issue):
        raise _refuse(_("take up"), issue)
    _move(issue, S.IN_PROGRESS)
    return _save(issue, actor=actor, reason=reason or _("Taken up"), change="started")


@transaction.atomic
def issue_resolve(*, actor: Actor, reason: str = "", issue: Issue, resolution: str) -> Issue:
    """The receiving body says what it did; the raiser then confirms (or reopens)."""
    if not may_answer(actor, issue):
        raise _refuse(_("resolve"), issue)
    resolution = required_text(
        resolution, "resolution", _("Say what was done to resolve the issue.")
    )
    _move(issue, S.RESOLVED)
    issue.resolution = resolution
    issue.resolved_on = almaty_today()
    return _save(issue, actor=actor, reason=reason or _("Resolved"), change="resolved")


@transaction.atomic
def issue_reject(*, actor: Actor, issue: Issue, reason: str) -> Issue:
    """The receiving body (or a coordinator) rejects the issue, always with a reason."""
    if not may_answer(actor, issue):
        raise _refuse(_("reject"), issue)
    reason = required_text(reason, "reason", _("A rejection needs its reason."))
    _move(issue, S.REJECTED)
    issue.rejection_reason = reason
    return _save(issue, actor=actor, reason=reason, change="rejected")


@transaction.atomic
def issue_confirm(*, actor: Actor, reason: str = "", issue: Issue, resolved: bool = True) -> Issue:
    """The raiser confirms the resolution (`resolved=False`: not resolved, back in progress)."""
    if not may_confirm(actor, issue):
        raise _refuse(_("confirm"), issue)
    if resolved:
        _move(issue, S.CONFIRMED)
        issue.confirmed_on = almaty_today()
        return _save(
            issue, actor=actor, reason=reason or _("Resolution confirmed"), change="confirmed"
        )
    required_text(reason, "reason", _("Say why the issue is not resolved."))
    _move(issue, S.IN_PROGRESS)
    issue.resolved_on = None
    return _save(issue, actor=actor, reason=reason, change="reopened")


def _next_level(issue: Issue) -> str | None:
    ladder = [str(step) for step in (issue.category.ladder or LADDER)]
    if issue.level not in ladder:
        return ladder[0]
    at = ladder.index(issue.level)
    return ladder[at + 1] if at + 1 < len(ladder) else None


def _escalate(issue: Issue, *, actor: Actor, reason: str, today: dt.date) -> Issue | None:
    up = _next_level(issue)
    if up is None:
        return None
    issue.level = up
    issue.escalated_on = today
    issue.required_by = today + dt.timedelta(days=issue.category.norm_days)
    return _save(issue, actor=actor, reason=reason, change="escalated")


@transaction.atomic
def issue_escalate(*, actor: Actor, reason: str, issue: Issue) -> Issue:
    """A coordinator raises the issue one level before its date (with a reason)."""
    if not is_coordinator(actor):
        raise _refuse(_("escalate"), issue)
    if not issue.is_unresolved:
        raise ValidationError({"status": _("Only unresolved issues escalate.")})
    required_text(reason, "reason", _("Say why the issue is escalated early."))
    done = _escalate(issue, actor=actor, reason=reason, today=almaty_today())
    if done is None:
        raise ValidationError({"level": _("The issue is at the top of its ladder.")})
    return done


@dataclass(frozen=True)
class EscalationRun:
    today: dt.date
    escalated: list[tuple[int, str, str]]  # (issue id, from level, to level)
    at_top: int  # overdue issues already at the top of their ladder

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "escalated": [{"id": i, "from": a, "to": b} for i, a, b in self.escalated],
            "at_top": self.at_top,
        }


def issues_escalate(*, today: dt.date | None = None) -> EscalationRun:
    """Every unresolved issue past its required-by date rises one level (Keruen as the actor);
    at its new level it has the category's norm again. Run daily; running twice a day does
    nothing more, as the new date is in the future."""
    today = today or almaty_today()
    escalated: list[tuple[int, str, str]] = []
    at_top = 0
    due = Issue.objects.filter(
        status__in=[S.OPEN, S.IN_PROGRESS], required_by__lt=today
    ).select_related("category")
    for issue in due:
        before = issue.level
        with transaction.atomic():
            done = _escalate(
                issue,
                actor=None,
                reason=_("Past its required-by date at the %(level)s level")
                % {"level": Level(before).label},
                today=today,
            )
        if done is None:
            at_top += 1
        else:
            escalated.append((issue.pk, before, done.level))
    return EscalationRun(today=today, escalated=escalated, at_top=at_top)


@transaction.atomic
def issue_to_instruction(
    *,
    actor: Actor,
    reason: str = "",
    issue: Issue,
    deadline: dt.date,
    event: Any = None,
    text: str = "",
    number: str | None = None,
) -> Issue:
    """A coordinator turns the issue into an instruction of a meeting, addressed to the receiving
    body and linked to the project; the issue keeps the link (and the instruction answers
    `.issue`)."""
    if not is_coordinator(actor):
        raise _refuse(_("turn into an instruction"), issue)
    if issue.instruction_id:
        raise ValidationError({"instruction": _("The issue is already an instruction.")})
    instruction = instruction_create(
        actor=actor,
        reason=reason or _("From blocking issue #%(id)s") % {"id": issue.pk},
        text=_text(text)
        or _("Resolve blocking issue #%(id)s of project %(code)s: %(text)s")
        % {"id": issue.pk, "code": issue.project.code, "text": issue.localized_description("en")},
        lead_executor=issue.receiving_body,
        deadline=deadline,
        number=number,
        event=event,
        projects=[issue.project],
        is_illustrative=issue.is_illustrative,
    )
    issue.instruction = instruction
    return _save(
        issue,
        actor=actor,
        reason=reason or _("Turned into instruction %(number)s") % {"number": instruction.number},
        change="instruction",
    )


@transaction.atomic
def category_update(*, actor: Actor, reason: str, category: Category, **changes: Any) -> Category:
    """Change a category's norm or ladder (coordinators)."""
    if not is_coordinator(actor):
        raise _refuse(_("change issue categories"))
    for name, value in changes.items():
        setattr(category, name, value)
    _validate_ladder(category)
    save_with_history(category, actor=actor, reason=reason)
    return category
