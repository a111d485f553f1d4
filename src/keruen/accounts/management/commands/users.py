"""`keruen users create|list|deactivate|token`: who may use Keruen, in which role and scope."""

from __future__ import annotations

import json
from typing import Any

from keruen.accounts.models import Role
from keruen.accounts.selectors import user_list
from keruen.accounts.services import token_create, user_create, user_deactivate, user_get
from keruen.core.commands import ActionCommand, add_json_option

REASON = "keruen users (command line)"


class Command(ActionCommand):
    help = "Manage users: create (with role and scope), list, deactivate, issue API tokens."

    def add_actions(self, sub: Any) -> None:
        create = sub.add_parser("create", help="create a user with a role and scope")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help="ISO 3166-2:KZ code (regional editors; repeat for several)",
        )
        create.add_argument(
            "--organization", metavar="CODE", help="organization code (agency officers)"
        )
        create.add_argument(
            "--password", help="password (validated); without it the user needs an API token"
        )
        create.add_argument("--email", default="")
        create.add_argument(
            "--token", action="store_true", help="also issue an API token, printed last"
        )
        lister = sub.add_parser("list", help="list users with role and scope")
        add_json_option(lister)
        lister.add_argument("--active", action="store_true", help="active users only")
        deact = sub.add_parser("deactivate", help="stop a user signing in; revoke tokens")
        deact.add_argument("username")
        token = sub.add_parser("token", help="issue a new API token for a user")
        token.add_argument("username")
        token.add_argument("--name", default="", help="what the token is for")

    def action_create(self, opts: dict[str, Any]) -> None:
        user = user_create(
            actor=None,
            reason=REASON,
            username=opts["username"],
            role=opts["role"],
            regions=opts["region"],
            organization=opts["organization"],
            password=opts["password"],
            email=opts["email"],
        )
        scope = ", ".join(opts["region"]) or opts["organization"] or "everything"
        self.stderr.write(f"Created user {user.username}: {opts['role']} ({scope}).")
        if opts["token"]:
            _token, key = token_create(actor=None, reason=REASON, user=user, name="command line")
            self.stderr.write("API token (shown once; send it as 'Authorization: Bearer ...'):")
            self.stdout.write(key)

    def action_list(self, opts: dict[str, Any]) -> None:
        rows = user_list(active_only=opts["active"])
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'username':<20} {'role':<16} {'scope':<24} {'active':<6} tokens")
        for r in rows:
            scope = ", ".join(r["regions"]) or r["organization"] or "-"
            active = "yes" if r["active"] else "no"
            self.stdout.write(
                f"{r['username']:<20} {r['role'] or '-':<16} {scope:<24} {active:<6} {r['tokens']}"
            )

    def action_deactivate(self, opts: dict[str, Any]) -> None:
        user = user_deactivate(actor=None, reason=REASON, username=opts["username"])
        self.stderr.write(f"Deactivated {user.username}; their API tokens are revoked.")

    def action_token(self, opts: dict[str, Any]) -> None:
        user = user_get(opts["username"])
        _token, key = token_create(
            actor=None, reason=REASON, user=user, name=opts["name"] or "command line"
        )
        self.stderr.write(f"New API token for {user.username} (shown once):")
        self.stdout.write(key)
