"""What can be followed: a registry of kinds, each a model named by its label and the field that
keys it in URLs, the API and the CLI (`keruen follow USER project KZCN-001`).

The registry holds labels, not models, so this app imports no app of the registry: an app that
adds a followable model (blocking issues, say) adds one `register_kind` call in its `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Kind:
    name: str  # "project": what users type
    label: str  # "projects.project": the model
    key_field: str  # "code": what identifies one in URLs and on the command line
    #: Who may see (and so follow) one, when not `accounts.policy` (a saved view: its sharing).
    visible: Callable[[Any, Any], bool] | None = None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def get(self, key: str) -> Any:
        """The object keyed `key`, or None."""
        return self.model._default_manager.filter(**{self.key_field: key}).first()


KINDS: dict[str, Kind] = {}


def register_kind(
    name: str, label: str, key_field: str, *, visible: Callable[[Any, Any], bool] | None = None
) -> None:
    KINDS[name] = Kind(name, label, key_field, visible)


@dataclass(frozen=True)
class Watch:
    """Followers of `kind` (a saved view) hear of changes to `of` (projects) that `who` picks:
    `who(change, subscriptions)` gives the subscriptions to tell, each with a line to add."""

    kind: str
    of: str
    who: Callable[[Any, list[Any]], list[tuple[Any, str]]]


#: kind whose changes are watched ("project") → the watches on it.
WATCHES: dict[str, list[Watch]] = {}


def register_watch(kind: str, *, of: str, who: Callable[[Any, list[Any]], list[Any]]) -> None:
    WATCHES.setdefault(of, []).append(Watch(kind, of, who))


def kind_of_label(label: str) -> Kind | None:
    for kind in KINDS.values():
        if kind.label == label:
            return kind
    return None


for _name, _label, _key in [
    ("project", "projects.project", "code"),
    ("agreement", "agreements.agreement", "code"),
    ("event", "agreements.event", "slug"),
    ("organization", "parties.organization", "code"),
    ("region", "reference.region", "code"),
    ("instruction", "instructions.instruction", "number"),
    ("target", "targets.target", "code"),
    ("initiative", "regions.initiative", "code"),
]:
    register_kind(_name, _label, _key)
