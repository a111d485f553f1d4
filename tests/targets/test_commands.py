"""`keruen targets [--json]` and `keruen targets import-observations FILE` (all or nothing)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keruen.targets.models import Observation
from keruen.targets.services import observation_create
from tests.targets.factories import TargetFactory, set_rate

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("targets", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_lists_every_target_and_actual_is_the_sum_of_its_observations() -> None:
    set_rate("KZT", dt.date(2025, 3, 31), "500")
    t = TargetFactory(code="fdi", target_value=D(150_000))
    observation_create(
        actor=None,
        reason="t",
        target=t,
        year=2025,
        quarter=1,
        value=D(1000),
        currency="USD",
        source_text="stats",
    )
    observation_create(
        actor=None,
        reason="t",
        target=t,
        year=2025,
        quarter=2,
        value=D(250_000),
        currency="KZT",
        value_date=dt.date(2025, 3, 31),
        source_text="stats",
    )
    data = json.loads(run("--json", "--as-of", "2025-12-31"))
    assert data["count"] == 1
    item = data["items"][0]
    for key in (
        "target_value",
        "actual",
        "trajectory_to_date",
        "forecast_trend",
        "forecast_pipeline",
        "required_run_rate",
        "status",
        "observations",
    ):
        assert key in item
    assert item["target_value"] == 150_000
    assert item["actual"] == 1500.0
    assert sum(o["value_usd"] for o in item["observations"]) == item["actual"]
    assert item["status"] in ("on_track", "at_risk", "off_track")


def test_text_output_and_bad_date() -> None:
    TargetFactory(code="fdi", name="Foreign investment")
    assert "fdi: Foreign investment" in run()
    with pytest.raises(CommandError, match="--as-of"):
        run("--as-of", "soon")


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "obs.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_observations(tmp_path: Path) -> None:
    TargetFactory(code="fdi")
    path = write(
        tmp_path,
        "target,year,quarter,value,currency,country,source,is_illustrative\n"
        "fdi,2025,Q1,100,USD,CN,National Bank of Kazakhstan,no\n"
        "fdi,2025,2,200,usd,,National Bank of Kazakhstan,yes\n",
    )
    out = run("import-observations", path)
    assert "Imported 2 observations for fdi" in out
    rows = list(Observation.objects.order_by("quarter"))
    assert [(o.quarter, o.value_in_target, o.is_illustrative) for o in rows] == [
        (1, D(100), False),
        (2, D(200), True),
    ]
    assert rows[0].source_text == "National Bank of Kazakhstan"
    assert rows[0].country.code == "CN"


def test_import_is_all_or_nothing_and_names_rows_and_columns(tmp_path: Path) -> None:
    TargetFactory(code="fdi")
    path = write(
        tmp_path,
        "target,year,quarter,value,currency,source\n"
        "fdi,2025,1,100,USD,stats\n"
        "nope,2025,1,100,USD,stats\n"
        "fdi,20x5,7,abc,USD,stats\n"
        "fdi,2025,1,100,,stats\n"
        "fdi,2025,1,100,USD,stats\n",
    )
    with pytest.raises(CommandError) as e:
        run("import-observations", path)
    msg = str(e.value)
    assert "nothing imported" in msg
    assert "row 3, column target: unknown target code 'nope'" in msg
    assert "row 4, column year" in msg and "row 4, column quarter" in msg
    assert "row 4, column value" in msg
    assert "row 5, column currency" in msg
    assert "row 6, column year" in msg  # the same quarter as row 2
    assert not Observation.objects.exists()


def test_import_header_and_file_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="missing column"):
        run("import-observations", write(tmp_path, "target,year\nfdi,2025\n"))
    with pytest.raises(CommandError, match="unknown column"):
        run("import-observations", write(tmp_path, "target,year,value,colour\n"))
    with pytest.raises(CommandError, match="cannot read"):
        run("import-observations", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="needs a FILE"):
        run("import-observations")
    with pytest.raises(CommandError, match="no observation rows"):
        run("import-observations", write(tmp_path, "target,year,value\n"))
