"""`keruen webhooks add|list|remove|deliveries`: rules that post changes, signed, elsewhere."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from keruen.accounts.services import user_get
from keruen.core.commands import ActionCommand
from keruen.notifications import services
from keruen.notifications.models import Webhook, WebhookDelivery


class Command(ActionCommand):
    help = "Manage webhooks: add a rule, list them, remove one, see the delivery log."

    def add_actions(self, sub: Any) -> None:
        add = sub.add_parser("add", help="post EVENT's changes to URL, signed with SECRET")
        add.add_argument("--url", required=True)
        add.add_argument("--secret", required=True)
        add.add_argument(
            "--event", required=True, help="KIND.created|updated|deleted (project.updated), or *"
        )
        add.add_argument(
            "--condition",
            help='JSON object the object must match, e.g. {"stage": "operating", '
            '"regions": "KZ-19", "changed": "stage"}',
        )
        add.add_argument(
            "--owner", help="username whose access the rule has (default: sees everything)"
        )
        sub.add_parser("list", help="the rules")
        remove = sub.add_parser("remove", help="delete a rule and its log")
        remove.add_argument("id", type=int)
        log = sub.add_parser("deliveries", help="the last deliveries, newest first")
        log.add_argument("--limit", type=int, default=20)

    def action_add(self, opts: dict[str, Any]) -> None:
        condition = None
        if opts["condition"]:
            try:
                condition = json.loads(opts["condition"])
            except json.JSONDecodeError as e:
                raise CommandError(f"--condition: not JSON ({e})") from e
        owner = user_get(opts["owner"]) if opts["owner"] else None
        hook = services.webhook_create(
            url=opts["url"],
            secret=opts["secret"],
            event=opts["event"],
            condition=condition,
            owner=owner,
        )
        self.stderr.write(f"Webhook {hook.pk}: {hook.event} → {hook.url}")
        self.stdout.write(str(hook.pk))

    def action_list(self, opts: dict[str, Any]) -> None:
        for h in Webhook.objects.select_related("owner"):
            owner = h.owner.username if h.owner else "-"
            state = "active" if h.active else "inactive"
            condition = json.dumps(h.condition, ensure_ascii=False) if h.condition else "-"
            self.stdout.write(f"{h.pk:<4} {h.event:<24} {state:<8} {owner:<12} {h.url} {condition}")

    def action_remove(self, opts: dict[str, Any]) -> None:
        if not Webhook.objects.filter(pk=opts["id"]).delete()[0]:
            raise CommandError(f"No webhook {opts['id']}.")
        self.stderr.write(f"Webhook {opts['id']} removed.")

    def action_deliveries(self, opts: dict[str, Any]) -> None:
        for d in WebhookDelivery.objects.select_related("webhook")[: opts["limit"]]:
            self.stdout.write(
                f"{d.created_at:%Y-%m-%d %H:%M:%S} {d.event:<24} {d.state:<9} "
                f"{d.attempts} {d.status_code or '-'} {d.webhook.url} {d.error}"
            )
