"""The CLI: keruen extract, extract-eval and ingest."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from keruen.ingest.models import Document

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "extraction-dev"

TEXT = (
    "Almaty region, 2 June 2031 – A Chinese company will invest $300 million in a solar "
    "power plant in Almaty region. About 250 permanent jobs will be created."
)


def test_extract_prints_one_json_object_per_file(tmp_path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Жылу маусымы басталды, деп хабарлады облыс әкімдігі.", encoding="utf-8")
    out = StringIO()
    call_command("extract", str(a), str(b), json=True, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [x["file"] for x in lines] == [str(a), str(b)]
    assert lines[0]["language"] == "en" and lines[1]["language"] == "kk"
    jobs = [f for f in lines[0]["facts"] if f["kind"] == "jobs"]
    assert jobs and jobs[0]["value"] == 250 and jobs[0]["qualifier"] == "approximately"
    for f in lines[0]["facts"]:
        assert TEXT[f["char_start"] : f["char_end"]] == f["quote"]
        assert None not in f.values()


def test_extract_reports_unreadable_files(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match=r"bad\.txt"):
        call_command("extract", str(bad), json=True, stdout=StringIO())


@pytest.mark.django_db
def test_ingest_a_folder_into_the_review_queue(tmp_path) -> None:
    (tmp_path / "one.txt").write_text(TEXT, encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(tmp_path), json=True, stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["created"] and row["facts"] >= 2
    assert Document.objects.get().facts.count() == row["facts"]
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "0 new documents, 1 already there" in out.getvalue()


def test_extract_eval_rejects_a_folder_without_gold(tmp_path) -> None:
    with pytest.raises(CommandError, match="texts/ and gold/"):
        call_command("extract-eval".replace("-", "_"), str(tmp_path), stdout=StringIO())


@pytest.mark.skipif(
    not DEV_SET.is_dir(),
    reason="the shared development set is not beside the "
    "repository (../shared/data/extraction-dev)",
)
def test_extract_eval_on_the_development_set() -> None:
    """make test runs the extractor over the development set and holds it to the issue's bar."""
    out = StringIO()
    call_command("extract_eval", str(DEV_SET), json=True, stdout=out)
    report = json.loads(out.getvalue())
    assert report["numeric"]["f1"] >= 0.90
    assert report["all"]["f1"] >= 0.80
