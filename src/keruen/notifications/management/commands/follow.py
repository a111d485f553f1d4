"""`keruen follow USERNAME KIND KEY [--mode M] [--language L]` and `--stop` to unfollow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from keruen.accounts.services import user_get
from keruen.core.commands import validation_message
from keruen.notifications import services
from keruen.notifications.kinds import KINDS
from keruen.notifications.models import Mode


class Command(BaseCommand):
    help = (
        "Make a user follow an object (or stop, with --stop): changes reach their inbox and e-mail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument(
            "key", help="the object's code (a project's KZCN-001, a region's KZ-19)"
        )
        parser.add_argument("--mode", choices=Mode.values, default=Mode.DAILY)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the notifications and e-mails",
        )
        parser.add_argument("--stop", action="store_true", help="unfollow")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            self._handle(opts)
        except ValidationError as e:
            raise CommandError(validation_message(e)) from e

    def _handle(self, opts: dict[str, Any]) -> None:
        user = user_get(opts["username"])
        if opts["stop"]:
            if not services.subscription_unfollow(user=user, kind=opts["kind"], key=opts["key"]):
                raise CommandError(f"{user.username} does not follow {opts['kind']} {opts['key']}.")
            self.stderr.write(f"{user.username} no longer follows {opts['kind']} {opts['key']}.")
            return
        sub = services.subscription_follow(
            user=user,
            kind=opts["kind"],
            key=opts["key"],
            mode=opts["mode"],
            language=opts["language"],
        )
        self.stderr.write(f"{user.username} follows {sub.kind} {sub.key} ({sub.mode}).")
