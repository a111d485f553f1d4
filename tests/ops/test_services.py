"""Backups: `backup_create` then `backup_restore` into a fresh database (PostgreSQL or SQLite,
whichever the suite runs on) gives back every table, row for row, and the files."""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from keruen.ops.models import Backup
from keruen.ops.services import BackupError, backup_create, backup_restore
from tests.factories import ProjectFactory

TARGET = "restore_target"
on_committed_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """An empty database beside the test database, under the alias `restore_target`."""
    source = connections[DEFAULT_DB_ALIAS]
    settings_dict = dict(source.settings_dict)
    if source.vendor == "postgresql":
        import psycopg

        settings_dict["NAME"] = f"{source.settings_dict['NAME']}_restore_{os.getpid()}"
        admin = psycopg.connect(
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
            user=settings_dict["USER"] or None,
            password=settings_dict["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    connections.settings[TARGET] = settings_dict
    connections[TARGET].connect()  # test cases only let the aliases they know connect by themselves
    try:
        yield connections[TARGET]
    finally:
        connections[TARGET].close()
        del connections[TARGET]
        del connections.settings[TARGET]
        if source.vendor == "postgresql":
            admin.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            admin.close()


def _contents(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    connection.ensure_connection()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


@pytest.fixture
def home(tmp_path: Path, settings) -> Path:
    settings.KERUEN_HOME = tmp_path / "home"
    settings.MEDIA_ROOT = tmp_path / "home" / "media"
    report = Path(settings.MEDIA_ROOT) / "reports" / "2026" / "report.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"%PDF-1.7 report")
    return Path(settings.KERUEN_HOME)


@on_committed_data
def test_restore_into_a_fresh_database_gives_back_every_row_and_file(
    tmp_path: Path, home: Path, fresh_database: BaseDatabaseWrapper, settings
) -> None:
    ProjectFactory(code="P-BACKUP", title="Backed-up plant")
    before = _contents(connections[DEFAULT_DB_ALIAS])
    made = backup_create(output=tmp_path / "keruen.backup")
    assert made.tables["projects_project"] == 1
    assert made.files == 1
    assert Backup.objects.get().rows == made.rows

    settings.KERUEN_HOME = tmp_path / "new-home"  # another host: its own file directories
    settings.MEDIA_ROOT = tmp_path / "new-home" / "media"
    restored = backup_restore(source=made.path, using=TARGET)

    assert restored.tables == made.tables
    fresh_database.connect()
    after = _contents(fresh_database)
    before.pop("ops_backup"), after.pop("ops_backup")  # written after the dump, by design
    assert after == before
    assert (tmp_path / "new-home/media/reports/2026/report.pdf").read_bytes() == b"%PDF-1.7 report"


@on_committed_data
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    tmp_path: Path, home: Path, fresh_database: BaseDatabaseWrapper
) -> None:
    made = backup_create(output=tmp_path / "keruen.backup")
    backup_restore(source=made.path, using=TARGET)
    fresh_database.connect()
    with pytest.raises(BackupError, match=r"Nothing was restored: the database has \d+ tables"):
        backup_restore(source=made.path, using=TARGET)
    (home / "media/reports/2026/report.pdf").write_bytes(b"changed")
    with pytest.raises(BackupError, match="1 files exist with other content"):
        backup_restore(source=made.path, using=TARGET)
    fresh_database.connect()
    assert backup_restore(source=made.path, using=TARGET, force=True).tables == made.tables
    assert (home / "media/reports/2026/report.pdf").read_bytes() == b"%PDF-1.7 report"


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_another_engine(tmp_path: Path) -> None:
    import io
    import json

    other = "sqlite" if connections[DEFAULT_DB_ALIAS].vendor == "postgresql" else "postgresql"
    path = tmp_path / "other-engine.backup"
    manifest = json.dumps({"format": "keruen-backup/1", "engine": other, "tables": {}}).encode()
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(BackupError, match=f"holds a {other} database"):
        backup_restore(source=path)
