"""`keruen brief`: the briefing pack of a portfolio as one PDF (or HTML), in kk, ru or en."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keruen.core.commands import add_reader_options, option_date, option_user
from keruen.reports.briefing import briefing_build, briefing_render_html, briefing_render_pdf
from keruen.reports.briefing.charts import warm_up
from keruen.reports.meetings import meeting_brief, meeting_get


class Command(BaseCommand):
    help = (
        "The briefing pack: headline figures, changes since the last meeting, targets, regions, "
        "the last forum's funnel, instructions, stalled projects and sources, as PDF or HTML."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--portfolio", help="a portfolio's code, e.g. kz-cn (default: all)")
        since = parser.add_mutually_exclusive_group()
        since.add_argument("--since", help="show changes since this date (YYYY-MM-DD)")
        since.add_argument(
            "--since-meeting",
            metavar="EVENT",
            help="show changes since this event (its code); default: the last meeting",
        )
        since.add_argument(
            "--as-of-meeting",
            metavar="MEETING",
            help="the brief as frozen at this meeting (keruen meetings freeze), not today's",
        )
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="en")
        add_reader_options(
            parser,
            public="the open edition: public records only",
            for_user="show only what this user may see",
        )
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        if opts["format"] == "pdf":
            warm_up()  # the chart engine starts while the data is read
        user = option_user(opts["for_user"])
        try:
            if opts["as_of_meeting"]:
                if user is not None or opts["public"]:
                    raise CommandError(
                        "--as-of-meeting: a frozen brief is the full one; "
                        "it has no --public or --for-user edition"
                    )
                brief = meeting_brief(
                    event=meeting_get(opts["as_of_meeting"]),
                    portfolio=opts["portfolio"],
                    language=opts["lang"],
                )
            else:
                brief = briefing_build(
                    user=user,
                    portfolio=opts["portfolio"],
                    since=option_date(opts["since"], "--since") if opts["since"] else None,
                    since_meeting=opts["since_meeting"],
                    language=opts["lang"],
                    public=opts["public"],
                )
        except ValidationError as e:
            raise CommandError(_message(e)) from e
        out = Path(opts["out"])
        try:
            if opts["format"] == "pdf":
                out.write_bytes(briefing_render_pdf(brief))
            else:
                out.write_text(briefing_render_html(brief), encoding="utf-8")
        except OSError as e:
            raise CommandError(f"--out: cannot write {out}: {e.strerror}") from e
        self.stderr.write(
            f"Wrote {out} ({opts['format'].upper()}, {opts['lang']}, "
            f"{out.stat().st_size:,} bytes) in {time.perf_counter() - started:.1f} s"
        )


def _message(e: ValidationError) -> str:
    if hasattr(e, "message_dict"):
        names = {
            "since_meeting": "--since-meeting",
            "language": "--lang",
            "meeting": "--as-of-meeting",
            "as_of_meeting": "--as-of-meeting",
        }
        return "; ".join(
            f"{names.get(k, '--' + k)}: {' '.join(v)}" for k, v in e.message_dict.items()
        )
    return " ".join(e.messages)
