"""`keruen serve [--host H] [--port N] [--workers N]`: serve Keruen with gunicorn."""

from __future__ import annotations

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

        def load(self) -> Any:
            return application

    Server().run()


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
