import subprocess
import sys

import pytest

from keruen.cli import main


def test_help_lists_keruen_verbs(capsys) -> None:
    main(["keruen", "help"])
    out = capsys.readouterr().out
    for verb in ("demo", "serve", "summary", "load_nbk_rates", "migrate"):
        assert verb in out


def test_console_script_runs_django_commands() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "keruen", "check"], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert "no issues" in r.stdout


@pytest.mark.django_db
def test_unknown_portfolio_is_a_clear_error() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="unknown portfolio 'nope'"):
        call_command("summary", portfolio="nope")
