"""The demo's shared state, passed from `keruen.demo.loader` to each app's demo module."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any


@dataclass
class DemoContext:
    """What the core demo made, for the apps' demo modules (`<app>/demo.py`, `load(ctx)`) to
    build on. It lives in `core` because every app's demo module receives it."""

    today: dt.date
    press_release: Any = None  # core.Source of the 25 June 2025 release
    demo_source: Any = None  # core.Source for invented records
    portfolio: Any = None  # projects.Portfolio kz-cn
    forum: Any = None  # agreements.Event of the June 2025 forum
    meeting: Any = None  # agreements.Event of the 25 June 2025 meeting
    organizations: dict[str, Any] = field(default_factory=dict)  # by code
    akimats: dict[str, Any] = field(default_factory=dict)  # by region code
    messages: list[str] = field(default_factory=list)  # printed after loading

    def say(self, line: str) -> None:
        self.messages.append(line)


def demo_records(module: str) -> dict[str, Any]:
    """The records a demo module loads, read from the TOML file beside it (`keruen/regions/
    demo.toml` for `keruen.regions.demo`): data as data, each real figure with its source."""
    package, _, name = module.rpartition(".")
    return tomllib.loads(resources.files(package).joinpath(f"{name}.toml").read_text("utf-8"))
