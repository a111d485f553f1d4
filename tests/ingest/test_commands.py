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


def _gold_set(root: Path, name: str, body: str, facts: list[dict]) -> None:
    (root / "texts").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "texts" / f"{name}.txt").write_text(f"invented://{name}\n2031-06-02\n{body}", "utf-8")
    gold = {"text_file": f"texts/{name}.txt", "facts": facts}
    (root / "gold" / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")


def test_extract_eval_reports_tuning_test_and_dev_separately(tmp_path) -> None:
    """Without GOLD_DIR the verb scores the two halves and the development set, each on its own:
    a miss in one set shows in that set's figures only."""
    jobs = TEXT.index("About 250")
    fact = {"kind": "jobs", "quote": TEXT[jobs:], "char_start": jobs, "char_end": len(TEXT)}
    _gold_set(tmp_path / "eval" / "tuning", "t1", TEXT, [{**fact, "value": 250, "unit": "jobs"}])
    _gold_set(tmp_path / "eval" / "test", "t2", TEXT, [{**fact, "value": 999, "unit": "jobs"}])
    _gold_set(tmp_path / "dev", "d1", "Nothing of interest here.", [])
    out = StringIO()
    call_command(
        "extract_eval",
        eval_dir=str(tmp_path / "eval"),
        dev=str(tmp_path / "dev"),
        json=True,
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert list(report) == ["tuning", "test", "dev"]
    assert report["tuning"]["jobs"]["tp"] == 1 and report["tuning"]["jobs"]["fn"] == 0
    assert report["test"]["jobs"]["tp"] == 0 and report["test"]["jobs"]["fn"] == 1
    assert report["dev"]["documents"] == 1 and report["dev"]["all"]["tp"] == 0
    text = StringIO()
    call_command(
        "extract_eval", eval_dir=str(tmp_path / "eval"), dev=str(tmp_path / "dev"), stdout=text
    )
    summary = text.getvalue().rsplit("\n\n", 1)[-1].splitlines()
    assert [row.split()[0] for row in summary[1:]] == ["tuning", "test", "dev"]


def test_extract_eval_names_a_missing_set(tmp_path) -> None:
    with pytest.raises(CommandError, match=r"--eval-dir .*tuning: expected a folder"):
        call_command("extract_eval", eval_dir=str(tmp_path), stdout=StringIO())


def test_extract_eval_scores_the_projects_own_halves() -> None:
    """The committed eval set is found by default and scored."""
    out = StringIO()
    call_command("extract_eval", dev=None, json=True, stdout=out)
    report = json.loads(out.getvalue())
    assert report["tuning"]["documents"] == 30 and report["test"]["documents"] == 30
