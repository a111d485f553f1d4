"""`keruen serve [--host H] [--port N] [--workers N]`: serve Keruen with gunicorn."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def run_server(host: str, port: int, workers: int) -> None:
    from django.core.servers.basehttp import get_internal_wsgi_application
    from gunicorn.app.base import BaseApplication

    application = get_internal_wsgi_application()  # settings.WSGI_APPLICATION

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", "-")
            self.cfg.set("child_exit", _child_exit)

        def load(self) -> Any:
            return application

    Server().run()


def _child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


class Command(BaseCommand):
    help = "Serve Keruen over HTTP (gunicorn, sync workers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args: Any, **opts: Any) -> None:
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stderr.write(f"Keruen at http://{opts['host']}:{opts['port']}/ (Ctrl+C stops it)")
        run_server(opts["host"], opts["port"], opts["workers"])

    def execute(self, *args: Any, **options: Any) -> str | None:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return super().execute(*args, **options)
        # The workers' request metrics are added up from files in a directory of this server's
        # own. prometheus-client reads the variable when it is first imported, which the system
        # checks (they load the URLs) do: hence here, before them.
        with tempfile.TemporaryDirectory(prefix="keruen-metrics-") as metrics_dir:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
            return super().execute(*args, **options)
