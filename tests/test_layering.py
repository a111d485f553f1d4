"""The layering of docs/architecture.md, as the import-linter contracts in pyproject.toml check it
(the same check as `make lint`): layers only point down, and no app has an import cycle."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter import configuration
from importlinter.application import use_cases

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    configuration.configure()
    passed = use_cases.lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)
    assert passed, capsys.readouterr().out
