"""`keruen rebuild-summary`: recompute the summary tables the dashboard reads
(`keruen.projects.cube`) from the projects — after rows were written around the services (a bulk
load by SQL, a restore); the services keep them current otherwise."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from keruen.projects.cube import rebuild


class Command(BaseCommand):
    help = "Recompute the dashboard's summary tables from the projects."

    def handle(self, *args: Any, **opts: Any) -> None:
        n = rebuild()
        self.stdout.write(f"Summary tables rebuilt from {n:,} project{'s' if n != 1 else ''}.")
