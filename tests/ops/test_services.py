"""Backups: `backup_create` of a database, then `backup_restore` into a fresh one (PostgreSQL or
SQLite, whichever the suite runs on), gives back every table row for row, and the files."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from keruen.ops.models import Backup
from keruen.ops.services import BackupError, backup_create, backup_restore
from tests.ops.conftest import MakeDatabase, keruen

pytestmark = pytest.mark.django_db

PROJECTS = (
    "code,title,stage,regions,total_investment_amount,total_investment_currency,"
    "total_investment_date,jobs_planned\n"
    "P-BAK-1,Backed-up plant,announced,KZ-19,1000000,USD,2026-03-01,100\n"
    "P-BAK-2,Завод резервной копии,agreed,KZ-61,2500000,CNY,2026-03-01,250\n"
)


def _contents(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


@pytest.fixture
def source(make_database: MakeDatabase, tmp_path: Path, settings) -> BaseDatabaseWrapper:
    """A database with two imported projects, and a report attachment under MEDIA_ROOT."""
    settings.KERUEN_HOME = tmp_path / "home"
    settings.MEDIA_ROOT = tmp_path / "home" / "media"
    report = Path(settings.MEDIA_ROOT) / "reports" / "2026" / "report.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"%PDF-1.7 report")
    db = make_database("source")
    data = tmp_path / "projects.csv"
    data.write_text(PROJECTS, encoding="utf-8")
    run = keruen("import", "projects", str(data), settings_dict=db.settings_dict, home=tmp_path)
    assert run.returncode == 0, run.stderr
    db.connect()
    return db


@pytest.mark.slow
def test_restore_into_a_fresh_database_gives_back_every_row_and_file(
    source: BaseDatabaseWrapper, make_database: MakeDatabase, tmp_path: Path, settings
) -> None:
    before = _contents(source)
    made = backup_create(output=tmp_path / "keruen.backup", using="source")
    assert made.tables["projects_project"] == 2
    assert made.files == 1
    assert Backup.objects.using("source").get().rows == made.rows

    target = make_database("target", empty=True)
    settings.KERUEN_HOME = tmp_path / "new-home"  # another host: its own file directories
    settings.MEDIA_ROOT = tmp_path / "new-home" / "media"
    restored = backup_restore(source=made.path, using="target")

    assert restored.tables == made.tables
    target.connect()
    after = _contents(target)
    before.pop("ops_backup"), after.pop("ops_backup")  # written after the dump, by design
    assert after == before
    assert (tmp_path / "new-home/media/reports/2026/report.pdf").read_bytes() == b"%PDF-1.7 report"


@pytest.mark.slow
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    source: BaseDatabaseWrapper, make_database: MakeDatabase, tmp_path: Path, settings
) -> None:
    made = backup_create(output=tmp_path / "keruen.backup", using="source")
    target = make_database("target")  # migrated: it has tables
    with pytest.raises(BackupError, match=r"Nothing was restored: the database has \d+ tables"):
        backup_restore(source=made.path, using="target")
    (Path(settings.MEDIA_ROOT) / "reports/2026/report.pdf").write_bytes(b"changed")
    with pytest.raises(BackupError, match="1 files exist with other content"):
        backup_restore(source=made.path, using="target")
    target.connect()
    assert backup_restore(source=made.path, using="target", force=True).tables == made.tables
    assert (Path(settings.MEDIA_ROOT) / "reports/2026/report.pdf").read_bytes() == (
        b"%PDF-1.7 report"
    )


def test_restore_rejects_what_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(BackupError, match="is not a Keruen backup"):
        backup_restore(source=junk)
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        tar.add(junk, arcname="notes.txt")
    with pytest.raises(BackupError, match=r"no manifest\.json"):
        backup_restore(source=other)


def test_restore_refuses_a_backup_of_another_engine(tmp_path: Path) -> None:
    other = "sqlite" if connections[DEFAULT_DB_ALIAS].vendor == "postgresql" else "postgresql"
    path = tmp_path / "other-engine.backup"
    manifest = json.dumps({"format": "keruen-backup/1", "engine": other, "tables": {}}).encode()
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(BackupError, match=f"holds a {other} database"):
        backup_restore(source=path)


def test_a_file_that_would_leave_its_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.backup"
    manifest = json.dumps(
        {"format": "keruen-backup/1", "engine": connections[DEFAULT_DB_ALIAS].vendor, "tables": {}}
    ).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in (("manifest.json", manifest), ("files/media/../../etc/x", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="unexpected file"):
        backup_restore(source=path)
