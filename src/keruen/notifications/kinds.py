"""What can be followed: a registry of kinds, each a model named by its label and the field that
keys it in URLs, the API and the CLI (`keruen follow USER project KZCN-001`).

The registry holds labels, not models, so this app imports no app of the registry: an app that
adds a followable model (blocking issues, say) adds one `register_kind` call in its `ready()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Kind:
    name: str  # "project": what users type
    label: str  # "projects.project": the model
    key_field: str  # "code": what identifies one in URLs and on the command line

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def get(self, key: str) -> Any:
        """The object keyed `key`, or None."""
        return self.model._default_manager.filter(**{self.key_field: key}).first()


KINDS: dict[str, Kind] = {}


def register_kind(name: str, label: str, key_field: str) -> None:
    KINDS[name] = Kind(name, label, key_field)


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
