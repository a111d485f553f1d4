"""What other apps add to an organization's page.

`parties` sits below the registry (projects and agreements refer to organizations, not the other
way round), so its page cannot import them. Each app that has something to show about an
organization names, in its `apps.py` (`KeruenAppConfig.organization_sections`), a function that
gives its part of the page: a template and the context it renders with (as `data`). Parts appear
in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from keruen.core.appconfig import declared
from keruen.parties.models import Organization


@dataclass(frozen=True)
class Section:
    template: str
    data: dict[str, Any]


SectionSource = Callable[[Organization, Any], Section]


@cache
def _sources() -> list[SectionSource]:
    return [source for _path, source in declared("organization_sections")]


def organization_sections(org: Organization, *, user: Any) -> list[Section]:
    return [source(org, user) for source in _sources()]
