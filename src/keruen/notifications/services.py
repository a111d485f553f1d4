"""Writes: following and unfollowing, the inbox, turning changes into notifications and webhook
deliveries, sending e-mails and delivering webhooks.

Each step is one transaction that records what it did, so a worker killed at any point leaves
work that the next worker does once: a pending change is deleted with the notifications made of
it; an e-mail is marked sent while its row is held; a delivery counts its attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from keruen.accounts import policy
from keruen.core.models import Confidentiality
from keruen.notifications.kinds import KINDS, WATCHES, Kind
from keruen.notifications.models import (
    Email,
    Mode,
    Notification,
    PendingChange,
    Subscription,
    Webhook,
    WebhookDelivery,
)

log = logging.getLogger("keruen.notifications")

#: Fields whose changes are not news.
QUIET_FIELDS = {"updated_at", "created_at"}
#: Webhook attempts before a delivery is given up, and the first wait (doubled each time).
WEBHOOK_ATTEMPTS = 6
WEBHOOK_BACKOFF = dt.timedelta(seconds=30)
WEBHOOK_TIMEOUT = 10  # seconds per attempt


# --- Following ---------------------------------------------------------------------------------


def _kind(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise ValidationError(
            {
                "kind": _("Unknown kind %(kind)s; one of: %(kinds)s.")
                % {"kind": name, "kinds": ", ".join(sorted(KINDS))}
            }
        )
    return kind


def subscription_follow(
    *, user: Any, kind: str, key: str, mode: str = Mode.DAILY, language: str | None = None
) -> Subscription:
    """`user` follows the `kind` object keyed `key` (again: the mode and language change)."""
    k = _kind(kind)
    if mode not in Mode.values:
        raise ValidationError(
            {
                "mode": _("Unknown mode %(mode)s; one of: %(modes)s.")
                % {"mode": mode, "modes": ", ".join(Mode.values)}
            }
        )
    obj = k.get(key)
    visible = k.visible or (lambda u, o: policy.can(u, policy.VIEW, o))
    if obj is None or not visible(user, obj):
        raise ValidationError({"key": _("No %(kind)s %(key)s.") % {"kind": kind, "key": key}})
    sub, _created = Subscription.objects.update_or_create(
        user=user,
        kind=kind,
        key=key,
        defaults={"mode": mode, "language": language or settings.LANGUAGE_CODE},
    )
    return sub


def subscription_unfollow(*, user: Any, kind: str, key: str) -> bool:
    deleted, _rows = Subscription.objects.filter(user=user, kind=kind, key=key).delete()
    return bool(deleted)


def notification_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications `ids` (all, when None) read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


#: Events other than KIND.created|updated|deleted that apps announce through `event_notify`.
EVENTS = {"instruction.due_soon", "instruction.overdue"}


def webhook_create(
    *, url: str, secret: str, event: str, condition: dict[str, Any] | None = None, owner: Any = None
) -> Webhook:
    kind, _dot, action = event.partition(".")
    known = event in EVENTS or action in ("created", "updated", "deleted")
    if event != "*" and (kind not in KINDS or not known):
        raise ValidationError(
            {
                "event": _("Unknown event %(event)s; KIND.created|updated|deleted or *.")
                % {"event": event}
            }
        )
    if condition is not None and not isinstance(condition, dict):
        raise ValidationError({"condition": _("The condition is a JSON object.")})
    hook = Webhook(url=url, secret=secret, event=event, condition=condition or {}, owner=owner)
    hook.full_clean()
    hook.save()
    return hook


# --- From a history row to a change --------------------------------------------------------------


@dataclass
class Change:
    """A history row read as news: what changed, from what to what, by whom and why."""

    kind: Kind
    event: str
    key: str
    title: str
    url: str
    at: dt.datetime
    actor: Any
    reason: str
    pk: Any
    confidentiality: str | None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    after: dict[str, Any] = field(default_factory=dict)

    def visible_to(self, user: Any) -> bool:
        model = self.kind.model
        if self.event.endswith(".deleted"):
            return self.confidentiality != Confidentiality.RESTRICTED or policy.is_coordinator(user)
        return policy.restrict_queryset(
            model._default_manager.filter(pk=self.pk), user, policy.VIEW
        ).exists()

    def fields_for(self, user: Any) -> list[tuple[str, Any, Any]]:
        in_scope = self.pk in policy.restricted_visible(user, self.kind.label, [self.pk])
        hidden = policy.hidden_fields(user, self.kind.label, in_scope=in_scope)
        return [f for f in self.fields if f[0] not in hidden]

    def payload_for(self, user: Any) -> dict[str, Any]:
        """The webhook body: what the owner of the rule may see of it."""
        in_scope = self.pk in policy.restricted_visible(user, self.kind.label, [self.pk])
        return {
            "event": self.event,
            "kind": self.kind.name,
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "at": self.at.isoformat(),
            "actor": self.actor.get_username() if self.actor else None,
            "reason": self.reason,
            "changes": [
                {"field": name, "before": before, "after": after}
                for name, before, after in self.fields_for(user)
            ],
            "object": policy.redact(user, self.kind.label, self.after, in_scope=in_scope),
        }


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _m2m_keys(instance: models.Model, name: str) -> list[str]:
    related = instance._meta.get_field(name).related_model
    assert related is not None and not isinstance(related, str)
    key = "code" if any(f.name == "code" for f in related._meta.fields) else "pk"
    return [str(v) for v in getattr(instance, name).values_list(key, flat=True)]


def change_read(kind: Kind, history_id: int) -> Change | None:
    """The change the history row `history_id` of `kind` records, or None if it is gone."""
    model = kind.model
    history_model = model.history.model  # type: ignore[attr-defined]
    row = history_model.objects.filter(pk=history_id).select_related("history_user").first()
    if row is None:
        return None
    action = {"+": "created", "~": "updated", "-": "deleted"}[row.history_type]
    m2m = {f.name for f in model._meta.many_to_many}
    fields: list[tuple[str, Any, Any]] = []
    if action == "updated" and row.prev_record is not None:
        delta = row.diff_against(row.prev_record, excluded_fields=[*QUIET_FIELDS, *m2m])
        fields = [(c.field, _json_safe(c.old), _json_safe(c.new)) for c in delta.changes]
    after = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in QUIET_FIELDS
    }
    live = model._default_manager.filter(pk=row.id).first()
    if live is not None:
        for name in m2m:
            after[name] = _m2m_keys(live, name)
    obj = live or row.instance
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") and live else ""
    return Change(
        kind=kind,
        event=f"{kind.name}.{action}",
        key=str(getattr(row, kind.key_field)),
        title=str(obj),
        url=settings.KERUEN_BASE_URL.rstrip("/") + url if url else "",
        at=row.history_date,
        actor=row.history_user,
        reason=row.history_change_reason or "",
        pk=row.id,
        confidentiality=getattr(row, "confidentiality", None),
        fields=fields,
        after=_json_safe(after),
    )


def _value_text(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        f = model._meta.get_field(name)
    except Exception:
        return str(value)
    choices = dict(getattr(f, "flatchoices", None) or [])
    return str(choices.get(value, value))


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except Exception:
        return name


def change_text(change: Change, user: Any, language: str) -> tuple[str, str]:
    """The notification's title and text, in `language`."""
    model = change.kind.model
    with translation.override(language):
        verb = {
            "created": _("created"),
            "updated": _("changed"),
            "deleted": _("deleted"),
        }[change.event.rpartition(".")[2]]
        title = f"{change.title}: {verb}"
        lines = [
            f"{_field_label(model, name)}: {_value_text(model, name, before)} → "
            f"{_value_text(model, name, after)}"
            for name, before, after in change.fields_for(user)
        ]
        if change.reason:
            lines.append(_("Reason: %(reason)s") % {"reason": change.reason})
        if change.actor:
            lines.append(_("By: %(user)s") % {"user": change.actor.get_username()})
    return title, "\n".join(lines)


def _matches(condition: dict[str, Any], payload: dict[str, Any]) -> bool:
    """A webhook's condition: every key must hold. `changed` names a field (or fields) that must
    have changed; any other key is a field of the object equal to the value (for a list, such as
    `regions`, containing it)."""
    changed = {c["field"] for c in payload["changes"]}
    for name, wanted in condition.items():
        wants = wanted if isinstance(wanted, list) else [wanted]
        if name == "changed":
            if not changed & set(wants):
                return False
            continue
        actual = payload["object"].get(name)
        if isinstance(actual, list):
            if not set(actual) & {str(w) for w in wants}:
                return False
        elif actual not in wants:
            return False
    return True


def _webhooks_for(change: Change) -> list[WebhookDelivery]:
    deliveries = []
    for hook in Webhook.objects.filter(active=True, event__in=[change.event, "*"]):
        owner = hook.owner
        if not change.visible_to(owner):
            continue
        payload = change.payload_for(owner)
        if not _matches(hook.condition, payload):
            continue
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        deliveries.append(WebhookDelivery(webhook=hook, event=change.event, body=body))
    return deliveries


def change_notify(change: Change) -> tuple[list[Notification], list[WebhookDelivery]]:
    """Tell the followers (who may see it, not its author) and the matching webhooks."""
    notes = []
    subs = Subscription.objects.filter(kind=change.kind.name, key=change.key).select_related("user")
    told: list[tuple[Subscription, str]] = [(sub, "") for sub in subs]
    for watch in WATCHES.get(change.kind.name, []):
        watchers = list(Subscription.objects.filter(kind=watch.kind).select_related("user"))
        told += watch.who(change, watchers) if watchers else []
    seen: set[Any] = set()
    for sub, line in told:
        user = sub.user
        if user.pk in seen or not user.is_active or (change.actor and change.actor.pk == user.pk):
            continue
        if not change.visible_to(user):
            continue
        seen.add(user.pk)
        title, text = change_text(change, user, sub.language)
        text = "\n".join(t for t in (line, text) if t)
        notes.append(
            Notification(
                user=user,
                event=change.event,
                kind=change.kind.name,
                key=change.key,
                title=title[:500],
                text=text,
                url=change.url,
                mode=sub.mode,
                language=sub.language,
            )
        )
    Notification.objects.bulk_create(notes)
    deliveries = _webhooks_for(change)
    WebhookDelivery.objects.bulk_create(deliveries)
    return notes, deliveries


def pending_changes_notify(*, deliver: Callable[[int], Any]) -> list[int]:
    """Turn every pending change into notifications and deliveries, each change in one
    transaction with the deletion of its pending row and with `deliver(delivery_id)` (which
    enqueues the delivery); returns the deliveries' ids."""
    delivered: list[int] = []
    while True:
        with transaction.atomic():
            pending = PendingChange.objects.select_for_update(skip_locked=True).first()
            if pending is None:
                return delivered
            # Deleting first takes the row: a second worker finds nothing to delete and skips it.
            if not PendingChange.objects.filter(pk=pending.pk).delete()[0]:
                continue
            kind = KINDS.get(pending.kind)
            change = change_read(kind, pending.history_id) if kind else None
            if change is None:
                continue
            _notes, deliveries = change_notify(change)
            for d in deliveries:
                deliver(d.pk)
                delivered.append(d.pk)


def event_notify(
    *,
    kind: str,
    obj: models.Model,
    event: str,
    message: Callable[[], tuple[str, str]],
    deliver: Callable[[int], Any],
) -> list[Notification]:
    """Tell the followers of `obj` and the rules on `event` of something that is not a change
    (a deadline coming or passed): `message()` gives the title and text in the language active
    when it is called. Rules get `event`, `kind`, `key`, `title`, `url`, `text` and `object`."""
    k = KINDS[kind]
    key = str(getattr(obj, k.key_field))
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    url = settings.KERUEN_BASE_URL.rstrip("/") + url if url else ""
    notes = []
    for sub in Subscription.objects.filter(kind=kind, key=key).select_related("user"):
        if not sub.user.is_active or not policy.can(sub.user, policy.VIEW, obj):
            continue
        with translation.override(sub.language):
            title, text = message()
        notes.append(
            Notification(
                user=sub.user,
                event=event,
                kind=kind,
                key=key,
                title=title[:500],
                text=text,
                url=url,
                mode=sub.mode,
                language=sub.language,
            )
        )
    Notification.objects.bulk_create(notes)
    after = _json_safe({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    with translation.override(settings.LANGUAGE_CODE):
        title, text = message()
    for hook in Webhook.objects.filter(active=True, event__in=[event, "*"]).select_related("owner"):
        if hook.owner is not None and not policy.can(hook.owner, policy.VIEW, obj):
            continue
        payload = {
            "event": event,
            "kind": kind,
            "key": key,
            "title": title,
            "text": text,
            "url": url,
            "at": timezone.now().isoformat(),
            "object": policy.redact(hook.owner, k.label, after),
        }
        if not _matches(hook.condition, {"changes": [], **payload}):
            continue
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        deliver(WebhookDelivery.objects.create(webhook=hook, event=event, body=body).pk)
    return notes


# --- E-mail ------------------------------------------------------------------------------------


def emails_compose(*, mode: str, before: dt.datetime | None = None) -> list[Email]:
    """Gather each user's notifications of `mode` not yet e-mailed (made before `before`) into
    one e-mail per user; one transaction, so a notification is in one e-mail only."""
    with transaction.atomic():
        qs = Notification.objects.select_for_update().filter(
            mode=mode, email__isnull=True, user__is_active=True, user__email__gt=""
        )
        if before is not None:
            qs = qs.filter(created_at__lt=before)
        by_user: dict[Any, list[int]] = {}
        addresses: dict[Any, str] = {}
        for pk, user_id, address in qs.values_list("pk", "user_id", "user__email"):
            by_user.setdefault(user_id, []).append(pk)
            addresses[user_id] = address
        emails = []
        for user_id, pks in by_user.items():
            email = Email.objects.create(user_id=user_id, mode=mode, address=addresses[user_id])
            Notification.objects.filter(pk__in=pks).update(email=email)
            emails.append(email)
    return emails


def _message(email: Email) -> EmailMessage:
    notes = list(email.notifications.order_by("created_at", "pk"))
    language = notes[-1].language if notes else settings.LANGUAGE_CODE
    with translation.override(language):
        if email.mode == Mode.IMMEDIATE and len(notes) == 1:
            subject = f"Keruen: {notes[0].title}"
        else:
            subject = _("Keruen: %(count)d changes you follow") % {"count": len(notes)}
        parts = ["\n".join(p for p in (n.title, n.text, n.url) if p) for n in notes]
        footer = _("You follow these in Keruen; change how you hear of them: %(url)s") % {
            "url": settings.KERUEN_BASE_URL.rstrip("/") + "/notifications/following/"
        }
        body = "\n\n".join([*parts, "--", footer])
    return EmailMessage(subject=subject, body=body, to=[email.address])


def emails_send() -> int:
    """Send every e-mail not yet sent, each while its row is held and marked sent in the same
    transaction; returns how many went out. One that fails stays for the next run."""
    sent = 0
    failed: list[int] = []
    while True:
        with transaction.atomic():
            email = (
                Email.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True)
                .exclude(pk__in=failed)
                .order_by("pk")
                .first()
            )
            if email is None:
                return sent
            # Take the row (a no-op on PostgreSQL, which locked it; SQLite's write lock here).
            if not Email.objects.filter(pk=email.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            ):
                continue
            try:
                _message(email).send()
            except Exception as e:
                log.warning(
                    "e-mail not sent", extra={"event": {"email": email.pk, "error": str(e)}}
                )
                transaction.set_rollback(True)
                failed.append(email.pk)
                continue
            sent += 1


def digests_send(*, mode: str, now: dt.datetime | None = None) -> dict[str, int]:
    emails = emails_compose(mode=mode, before=now)
    return {"composed": len(emails), "sent": emails_send()}


# --- Webhooks ----------------------------------------------------------------------------------


def signature(secret: str, body: str, t: int) -> str:
    mac = hmac.new(secret.encode(), f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def webhook_deliver(
    delivery_id: int, *, retry: Callable[[int, dt.datetime], Any]
) -> dt.timedelta | None:
    """One attempt; returns how long to wait before the next, or None when done (delivered, or
    given up after WEBHOOK_ATTEMPTS). A failed attempt calls `retry(delivery_id, when)` (which
    enqueues the next) in the transaction that counts it."""
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
            .first()
        )
        if d is None:
            return None
        d.attempts += 1
        d.last_attempt_at = timezone.now()
        request = urllib.request.Request(
            d.webhook.url,
            data=d.body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Keruen-Webhook/1",
                "X-Keruen-Event": d.event,
                "X-Keruen-Delivery": str(d.pk),
                "X-Keruen-Signature": signature(d.webhook.secret, d.body, int(time.time())),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
                d.status_code = response.status
                d.error = ""
        except urllib.error.HTTPError as e:
            d.status_code, d.error = e.code, str(e.reason)[:1000]
        except (OSError, ValueError) as e:
            d.status_code, d.error = None, str(e)[:1000]
        ok = d.status_code is not None and 200 <= d.status_code < 300
        wait = None
        if ok:
            d.state = WebhookDelivery.State.DELIVERED
        elif d.attempts >= WEBHOOK_ATTEMPTS:
            d.state = WebhookDelivery.State.FAILED
        else:
            wait = WEBHOOK_BACKOFF * 2 ** (d.attempts - 1)
            retry(d.pk, timezone.now() + wait)
        d.save()
    return wait
