"""Loading the whole demo: the core portfolio, then each app's own demo module."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from keruen.core.demo_context import DemoContext
from keruen.demo import kz_cn
from keruen.projects.models import Project


def demo_present() -> bool:
    return Project.objects.exists()


@transaction.atomic
def load_demo() -> DemoContext:
    ctx = DemoContext(today=timezone.localdate())
    kz_cn.load(ctx)
    for config in apps.get_app_configs():
        if config.name.startswith("keruen.") and find_spec(f"{config.name}.demo"):
            import_module(f"{config.name}.demo").load(ctx)
    return ctx
