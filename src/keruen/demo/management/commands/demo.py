"""`keruen demo [--no-serve] [--port N]`: migrate, load the demo once, serve — with a worker and
the scheduler beside the web server, as in production."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from keruen.core.management.commands.serve import run_server
from keruen.demo.loader import demo_present, load_demo


class Command(BaseCommand):
    help = "Set up the database, load the demo portfolio when it is empty, and serve Keruen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load, then stop")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stderr.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_present():
            self.stderr.write("The database already holds projects: demo not loaded again.")
        else:
            self.stderr.write("Loading the demo portfolio ...")
            ctx = load_demo()
            for line in ctx.messages:
                self.stdout.write(line)
        if not opts["no_serve"]:
            self.stderr.write(f"Open http://{opts['host']}:{opts['port']}/")
            # The task worker and the scheduler run beside the server and stop with it.
            background = [
                subprocess.Popen([sys.executable, "-m", "keruen", verb])
                for verb in ("worker", "scheduler")
            ]
            try:
                run_server(opts["host"], opts["port"], 3)
            finally:
                for process in background:
                    process.terminate()
                for process in background:
                    process.wait(timeout=30)
