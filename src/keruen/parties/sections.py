"""What other apps add to an organization's page.

`parties` sits below the registry (projects and agreements refer to organizations, not the other
way round), so its page cannot import them. Each app that has something to show about an
organization registers, from its `AppConfig.ready()`, a function that gives its part of the page:
a template and the context it renders with (as `data`). Parts appear in the order of
INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from keruen.parties.models import Organization


@dataclass(frozen=True)
class Section:
    template: str
    data: dict[str, Any]


SectionSource = Callable[[Organization, Any], Section]

_SOURCES: list[SectionSource] = []


def register_section(source: SectionSource) -> None:
    """`source(org, user)` gives the part of `org`'s page an app owns (read through `user`)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def organization_sections(org: Organization, *, user: Any) -> list[Section]:
    return [source(org, user) for source in _SOURCES]
