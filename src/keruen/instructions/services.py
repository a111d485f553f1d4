"""Writes of instructions: create, update, start, report, extend, escalate, close; reminders.

Who may do what is the policy's (`accounts.policy`): coordinators create, extend and close;
regional editors and agency officers report on their own instructions ("report" action). The
status machine lives here, in `TRANSITIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.accounts.models import Role
from keruen.accounts.policy import CHANGE, REPORT, VIEW, can, is_coordinator
from keruen.agreements.models import Agreement, Event
from keruen.core.history import apply_changes, save_with_history
from keruen.core.services import create_with_history, move_status
from keruen.core.types import Actor
from keruen.instructions.models import (
    Instruction,
    InstructionExtension,
    InstructionReport,
    Notification,
    ReminderSent,
    ReportAttachment,
)
from keruen.notifications.tasks import event_notify
from keruen.parties.models import Organization
from keruen.projects.models import Portfolio, Project
from keruen.reference.models import Region

#: Kazakhstan's time zone: deadlines are dates there, and "today" is its date.
ALMATY = ZoneInfo("Asia/Almaty")

S = Instruction.Status

#: The status machine: which status may follow which.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.REPORTED, S.CLOSED}),
    S.REPORTED: frozenset({S.IN_PROGRESS, S.CLOSED}),  # back to in progress: report returned
    S.CLOSED: frozenset(),
}

#: Days before a deadline when the "deadline approaching" reminder goes out.
DEFAULT_REMINDER_DAYS = 7

FIELDS = {
    "text",
    "text_ru",
    "text_kk",
    "expected_result",
    "event",
    "lead_executor",
    "deadline",
    "portfolio",
    "is_illustrative",
}
RELATIONS = {"co_executors", "projects", "agreements", "regions"}


def almaty_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Kazakhstan (Asia/Almaty), whatever the server's time zone."""
    return (now or timezone.now()).astimezone(ALMATY).date()


def is_overdue(instruction: Instruction, today: dt.date | None = None) -> bool:
    """Deadline passed (in Almaty) and not closed."""
    return instruction.status != S.CLOSED and instruction.deadline < (today or almaty_today())


def _user(actor: Actor) -> Any:
    """The user to name on a record: None for Keruen itself or an anonymous actor."""
    return actor if actor is not None and actor.pk else None


def _require(actor: Actor, action: str, instruction: Instruction) -> None:
    if not can(actor, action, instruction):
        if not can(actor, VIEW, instruction):
            raise Instruction.DoesNotExist(_("No such instruction."))
        raise PermissionDenied(
            _("You may not %(action)s instruction %(number)s.")
            % {"action": _(action), "number": instruction.number}
        )


def _require_coordinator(actor: Actor, what: str) -> None:
    # Creating has no row to ask the policy about yet: the policy's rule for a new row is its
    # rule for changing any row, which only coordinators (and Keruen itself) pass.
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators may %(what)s instructions.") % {"what": what})


def _transition(instruction: Instruction, to: str) -> None:
    move_status(
        instruction,
        to,
        TRANSITIONS,
        _(
            "Instruction %(number)s is %(current)s; it cannot become %(to)s "
            "(allowed next: %(allowed)s)."
        ),
        none=_("none: it is closed"),
        number=instruction.number,
    )


def _move(
    instruction: Instruction, to: str, *, actor: Actor, reason: str, **fields: Any
) -> Instruction:
    """Move `instruction` to the status `to` with `fields` set, saved with its history."""
    _transition(instruction, to)
    for name, value in fields.items():
        setattr(instruction, name, value)
    save_with_history(instruction, actor=actor, reason=reason)
    return instruction


def _coordinator_reason(actor: Actor, instruction: Instruction, reason: str, what: str) -> str:
    """The reason of a coordinator's move of `instruction`: refused unless `actor` may change it,
    required (`what` names it when missing)."""
    _require(actor, CHANGE, instruction)
    return _required_text(reason, "reason", what)


def _refuse_closed(instruction: Instruction, message: str) -> None:
    """A ValidationError on `status` when the instruction is closed: `message`, which names it
    by `%(number)s`."""
    if instruction.status == S.CLOSED:
        raise ValidationError({"status": message % {"number": instruction.number}})


def _required_text(value: str | None, name: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: _("%(what)s is required.") % {"what": what}})
    return value


def _organization(value: Organization | str, name: str) -> Organization:
    if isinstance(value, Organization):
        return value
    found = Organization.objects.filter(code=value).first()
    if found is None:
        raise ValidationError(
            {name: _("Unknown organization %(value)r (an organization code).") % {"value": value}}
        )
    return found


def _resolve(model: type[models.Model], key: str, values: Iterable[Any], name: str) -> list[Any]:
    out = []
    for v in values:
        if isinstance(v, model):
            out.append(v)
            continue
        found = model._default_manager.filter(**{key: v}).first()
        if found is None:
            raise ValidationError(
                {name: _("Unknown %(name)s %(value)r.") % {"name": name, "value": v}}
            )
        out.append(found)
    return out


def _values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    unknown = set(values) - FIELDS - RELATIONS
    if unknown:
        raise ValidationError(
            {f: _("Unknown instruction field %(field)r.") % {"field": f} for f in sorted(unknown)}
        )
    fields = {k: v for k, v in values.items() if k in FIELDS}
    if "lead_executor" in fields:
        fields["lead_executor"] = _organization(fields["lead_executor"], "lead_executor")
    if isinstance(fields.get("event"), str):
        fields["event"] = _resolve(Event, "slug", [fields["event"]], "event")[0]
    if isinstance(fields.get("portfolio"), str):
        fields["portfolio"] = _resolve(Portfolio, "slug", [fields["portfolio"]], "portfolio")[0]
    if "text" in fields:
        fields["text"] = _required_text(fields["text"], "text", _("The text"))
    rels: dict[str, list[Any]] = {}
    if "co_executors" in values:
        rels["co_executors"] = [_organization(o, "co_executors") for o in values["co_executors"]]
    if "projects" in values:
        rels["projects"] = _resolve(Project, "code", values["projects"], "projects")
    if "agreements" in values:
        rels["agreements"] = _resolve(Agreement, "code", values["agreements"], "agreements")
    if "regions" in values:
        rels["regions"] = _resolve(Region, "code", values["regions"], "regions")
    return fields, rels


def _validate(instruction: Instruction, rels: dict[str, list[Any]]) -> None:
    errors: dict[str, str] = {}
    event = instruction.event if instruction.event_id else None
    if event is not None and event.kind != Event.Kind.MEETING:
        errors["event"] = _("Instructions are given at meetings; %(event)s is a %(kind)s.") % {
            "event": event.slug,
            "kind": event.get_kind_display(),
        }
    if instruction.lead_executor_id and instruction.lead_executor.kind in (
        Organization.Kind.COMPANY,
        Organization.Kind.BANK,
        Organization.Kind.FUND,
    ):
        errors["lead_executor"] = _(
            "The lead executor must be a state body (ministry, agency, akimat); "
            "%(org)s is a %(kind)s."
        ) % {
            "org": instruction.lead_executor.code,
            "kind": instruction.lead_executor.get_kind_display(),
        }
    co = rels.get("co_executors") or []
    if any(o.pk == instruction.lead_executor_id for o in co):
        errors["co_executors"] = _("The lead executor cannot also be a co-executor.")
    if errors:
        raise ValidationError(errors)


def instruction_next_number() -> str:
    last = Instruction.objects.filter(number__regex=r"^I-[0-9]{6}$").aggregate(m=Max("number"))["m"]
    return f"I-{(int(last[2:]) + 1) if last else 1:06d}"


@transaction.atomic
def instruction_create(
    *,
    actor: Actor,
    reason: str,
    text: str,
    lead_executor: Organization | str,
    deadline: dt.date,
    number: str | None = None,
    **values: Any,
) -> Instruction:
    """Issue an instruction (coordinators only). `number` defaults to the next I-NNNNNN."""
    _require_coordinator(actor, _("issue"))
    fields, rels = _values({"text": text, "lead_executor": lead_executor, **values})
    number = (number or "").strip() or instruction_next_number()
    if Instruction.objects.filter(number=number).exists():
        raise ValidationError(
            {"number": _("Instruction number %(number)s is taken.") % {"number": number}}
        )
    instruction = Instruction(number=number, deadline=deadline, **fields)
    _validate(instruction, rels)
    save_with_history(instruction, actor=actor, reason=reason, m2m=rels)
    return instruction


@transaction.atomic
def instruction_update(
    *, actor: Actor, reason: str, instruction: Instruction, **changes: Any
) -> tuple[Instruction, bool]:
    """Edit the text, executors or links (coordinators). The deadline moves only by extension."""
    _require(actor, CHANGE, instruction)
    if "deadline" in changes and changes["deadline"] != instruction.deadline:
        raise ValidationError(
            {"deadline": _("A deadline is moved by an extension, with its reason and approver.")}
        )
    changes.pop("deadline", None)
    _refuse_closed(instruction, _("Instruction %(number)s is closed."))
    fields, rels = _values(changes)
    changed = apply_changes(instruction, fields, rels)
    _validate(instruction, rels)
    if changed:
        save_with_history(instruction, actor=actor, reason=reason, m2m=rels)
    return instruction, bool(changed)


@transaction.atomic
def instruction_start(*, actor: Actor, reason: str = "", instruction: Instruction) -> Instruction:
    """The executor takes it up: open → in progress."""
    _require(actor, REPORT, instruction)
    return _move(instruction, S.IN_PROGRESS, actor=actor, reason=reason or _("Work started."))


@dataclass(frozen=True)
class Upload:
    """A file for a report: its name and an open file (or bytes via ContentFile)."""

    name: str
    content: File


@dataclass
class ReportInput:
    text: str
    links: Sequence[str] = ()
    final: bool = False
    files: Sequence[Upload] = field(default_factory=tuple)


def _check_links(links: Sequence[str]) -> list[str]:
    from django.core.validators import URLValidator

    validate = URLValidator(schemes=["http", "https"])
    out = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        try:
            validate(link)
        except ValidationError as e:
            raise ValidationError(
                {
                    "links": _("%(link)r is not a web address (http:// or https://).")
                    % {"link": link}
                }
            ) from e
        out.append(link)
    return out


@transaction.atomic
def instruction_report(
    *,
    actor: Actor,
    instruction: Instruction,
    text: str,
    links: Sequence[str] = (),
    final: bool = False,
    files: Sequence[Upload] = (),
    on: dt.date | None = None,
    organization: Organization | None = None,
) -> InstructionReport:
    """A progress report by an executor. An open instruction is started by its first report; a
    final report moves it to `reported` (done, awaiting removal from control)."""
    _require(actor, REPORT, instruction)
    text = _required_text(text, "text", _("The report's text"))
    clean_links = _check_links(links)
    _refuse_closed(instruction, _("Instruction %(number)s is closed; it takes no more reports."))
    on = on or almaty_today()
    if organization is None and actor is not None:
        from keruen.accounts.selectors import user_scope

        org_id = user_scope(actor).organization_id
        organization = Organization.objects.filter(pk=org_id).first() if org_id else None
    report = InstructionReport(
        instruction=instruction,
        organization=organization,
        author=_user(actor),
        reported_on=on,
        text=text,
        links=clean_links,
        is_final=final,
    )
    save_with_history(report, actor=actor, reason=_("Progress report."))
    for upload in files:
        attachment = ReportAttachment(report=report, name=upload.name[:200])
        attachment.file.save(upload.name, upload.content, save=False)
        save_with_history(attachment, actor=actor, reason=_("Attached to a progress report."))
    status_before = instruction.status
    if instruction.status == S.OPEN:
        _transition(instruction, S.IN_PROGRESS)
    if final and instruction.status == S.IN_PROGRESS:
        _transition(instruction, S.REPORTED)
        instruction.reported_on = on
    if instruction.status != status_before:
        save_with_history(
            instruction,
            actor=actor,
            reason=_("Reported done.") if final else _("Progress reported."),
        )
    return report


@transaction.atomic
def instruction_return(*, actor: Actor, reason: str, instruction: Instruction) -> Instruction:
    """A coordinator returns a report for more work: reported → in progress."""
    reason = _coordinator_reason(actor, instruction, reason, _("The reason for returning it"))
    return _move(instruction, S.IN_PROGRESS, actor=actor, reason=reason, reported_on=None)


@transaction.atomic
def instruction_close(
    *, actor: Actor, reason: str, instruction: Instruction, on: dt.date | None = None
) -> Instruction:
    """Remove from control (coordinators), with the reason on the record."""
    reason = _coordinator_reason(
        actor, instruction, reason, _("The reason for removing it from control")
    )
    return _move(
        instruction,
        S.CLOSED,
        actor=actor,
        reason=reason,
        closed_on=on or almaty_today(),
        closed_by=_user(actor),
        close_reason=reason,
        escalated=False,
    )


@transaction.atomic
def instruction_extend(
    *, actor: Actor, reason: str, instruction: Instruction, new_deadline: dt.date
) -> InstructionExtension:
    """Move the deadline (coordinators); the old and new dates, reason and approver are kept."""
    reason = _coordinator_reason(actor, instruction, reason, _("The reason for the extension"))
    _refuse_closed(instruction, _("Instruction %(number)s is closed; it cannot be extended."))
    if new_deadline <= instruction.deadline:
        raise ValidationError(
            {
                "new_deadline": _(
                    "The new deadline (%(new)s) must be after the current one (%(old)s)."
                )
                % {"new": new_deadline, "old": instruction.deadline}
            }
        )
    extension = create_with_history(
        InstructionExtension,
        {
            "instruction": instruction,
            "previous_deadline": instruction.deadline,
            "new_deadline": new_deadline,
            "reason": reason,
            "approved_by": _user(actor),
        },
        actor=actor,
        reason=reason,
    )
    instruction.deadline = new_deadline
    save_with_history(instruction, actor=actor, reason=reason)
    return extension


@transaction.atomic
def instruction_escalate(
    *, actor: Actor, reason: str, instruction: Instruction, escalated: bool = True
) -> Instruction:
    """Put it on the next meeting's agenda (or take it off). Coordinators escalate."""
    _require(actor, CHANGE, instruction)
    if escalated:
        reason = _required_text(reason, "reason", _("The reason for escalating it"))
        _refuse_closed(instruction, _("Instruction %(number)s is closed; it cannot be escalated."))
    if instruction.escalated == escalated:
        return instruction
    instruction.escalated = escalated
    instruction.escalation_reason = reason if escalated else ""
    save_with_history(instruction, actor=actor, reason=reason or _("Escalation withdrawn."))
    return instruction


# --- Reminders ---------------------------------------------------------------------------------


@dataclass
class RemindResult:
    sent: list[dict[str, Any]] = field(default_factory=list)
    already_sent: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "already_sent": self.already_sent}


def instruction_recipients(instruction: Instruction) -> list[Any]:
    """Who is told about an instruction: officers of its executors, editors of its regions."""
    orgs = [instruction.lead_executor_id, *instruction.co_executors.values_list("pk", flat=True)]
    regions = {
        r
        for r in [
            getattr(instruction.lead_executor.region, "code", None),
            *instruction.co_executors.exclude(region=None).values_list("region__code", flat=True),
            *instruction.regions.values_list("code", flat=True),
        ]
        if r
    }
    users = get_user_model()._default_manager.filter(
        Q(profile__role=Role.AGENCY_OFFICER, profile__organization_id__in=orgs)
        | Q(profile__role=Role.REGIONAL_EDITOR, profile__regions__code__in=regions),
        is_active=True,
    )
    return list(users.distinct().order_by("pk"))


def _reminder_message(instruction: Instruction, kind: str, today: dt.date) -> tuple[str, str]:
    days = (instruction.deadline - today).days
    if kind == ReminderSent.Kind.OVERDUE:
        subject = _("Instruction %(number)s is overdue") % {"number": instruction.number}
        body = _(
            "Instruction %(number)s (%(text)s) was due on %(deadline)s and is not closed: "
            "%(days)d day(s) overdue."
        ) % {
            "number": instruction.number,
            "text": instruction.text[:200],
            "deadline": instruction.deadline.isoformat(),
            "days": -days,
        }
    else:
        subject = _("Instruction %(number)s is due on %(deadline)s") % {
            "number": instruction.number,
            "deadline": instruction.deadline.isoformat(),
        }
        body = _(
            "Instruction %(number)s (%(text)s) is due on %(deadline)s, in %(days)d day(s)."
        ) % {
            "number": instruction.number,
            "text": instruction.text[:200],
            "deadline": instruction.deadline.isoformat(),
            "days": days,
        }
    return subject, body


def _remind_one(instruction: Instruction, kind: str, today: dt.date) -> dict[str, Any] | None:
    """Send one reminder unless it went out already. The reminder row is written first, in the
    same transaction as the notifications and the email: a second run (or a concurrent worker)
    hits the unique key and sends nothing; a failed email rolls the row back for the next run."""
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(
            instruction=instruction, kind=kind, deadline=instruction.deadline
        )
        if not created:
            return None
        recipients = instruction_recipients(instruction)
        subject, body = _reminder_message(instruction, kind, today)
        Notification.objects.bulk_create(
            [
                Notification(recipient=u, instruction=instruction, kind=kind, message=body)
                for u in recipients
            ]
        )
        emails = sorted({u.email for u in recipients if u.email})
        if emails:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        # Those who follow the instruction (and webhook rules) hear of it too, in their language.
        event_notify(
            kind="instruction",
            obj=instruction,
            event=f"instruction.{kind}",
            message=lambda: _reminder_message(instruction, kind, today),
        )
        ReminderSent.objects.filter(
            instruction=instruction, kind=kind, deadline=instruction.deadline
        ).update(recipients=len(recipients))
    return {
        "id": instruction.pk,
        "number": instruction.number,
        "kind": kind,
        "deadline": instruction.deadline.isoformat(),
        "recipients": len(recipients),
        "emails": len(emails),
    }


def instruction_remind(
    *, today: dt.date | None = None, days_before: int | None = None
) -> RemindResult:
    """Send the reminders that are due: `days_before` days before a deadline, and once it has
    passed. Each (instruction, kind, deadline) goes out once, however often this runs."""
    today = today or almaty_today()
    if days_before is None:
        days_before = int(
            getattr(settings, "KERUEN_INSTRUCTION_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
        )
    result = RemindResult()
    # Reported ones wait for the coordinator, not the executor: they get no reminders.
    live = Instruction.objects.filter(status__in=[S.OPEN, S.IN_PROGRESS]).select_related(
        "lead_executor__region"
    )
    due: list[tuple[Instruction, ReminderSent.Kind]] = [
        (i, ReminderSent.Kind.OVERDUE) for i in live.filter(deadline__lt=today)
    ] + [
        (i, ReminderSent.Kind.DUE_SOON)
        for i in live.filter(
            deadline__gte=today, deadline__lte=today + dt.timedelta(days=days_before)
        )
    ]
    # Skip, without a query each, those already sent; `_remind_one` still guards the race.
    done = set(
        ReminderSent.objects.filter(
            instruction__status__in=[S.OPEN, S.IN_PROGRESS],
            deadline__lte=today + dt.timedelta(days=days_before),
        ).values_list("instruction_id", "kind", "deadline")
    )
    for instruction, kind in due:
        if (instruction.pk, kind, instruction.deadline) in done:
            result.already_sent += 1
            continue
        sent = _remind_one(instruction, kind, today)
        if sent is None:
            result.already_sent += 1
        else:
            result.sent.append(sent)
    return result


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if actor is None or notification.recipient_id != actor.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
