"""What an operator can set or run is documented: every `KERUEN_*` setting Keruen reads is in
docs/configuration.md, every `keruen` verb of Keruen's apps is in docs/cli.md, and every verb the
README or docs/cli.md shows exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

import keruen

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(keruen.__file__).parent
SETTING = re.compile(r"\bKERUEN_[A-Z0-9_]+\b")
# `keruen VERB` at the start of a line, after a backtick or a shell prompt
VERB = re.compile(r"(?:^\s*|`|\$ )keruen ([a-z][a-z_-]*)", re.MULTILINE)


def _settings_read() -> set[str]:
    return {
        name
        for module in SOURCE.rglob("*.py")
        if "migrations" not in module.parts
        for name in SETTING.findall(module.read_text(encoding="utf-8"))
    }


def _keruen_verbs() -> set[str]:
    return {name for name, app in get_commands().items() if app.startswith("keruen.")}


def test_settings_are_found() -> None:
    assert {"KERUEN_HOME", "KERUEN_SECRET_KEY", "KERUEN_FUNNEL_STALE_MONTHS"} <= _settings_read()


def test_every_setting_is_documented() -> None:
    documented = set(SETTING.findall((ROOT / "docs" / "configuration.md").read_text()))
    assert sorted(_settings_read() - documented) == []


def test_every_keruen_verb_is_documented() -> None:
    documented = {v.replace("-", "_") for v in VERB.findall((ROOT / "docs" / "cli.md").read_text())}
    assert len(_keruen_verbs()) > 10
    assert sorted(_keruen_verbs() - documented) == []


@pytest.mark.parametrize("doc", ["README.md", "docs/cli.md"])
def test_every_verb_shown_exists(doc: str) -> None:
    shown = {v.replace("-", "_") for v in VERB.findall((ROOT / doc).read_text())}
    assert shown
    assert sorted(shown - set(get_commands())) == []
