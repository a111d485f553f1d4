"""Databases of their own for the backup and drill tests, beside the test database.

The test database stays inside each test's transaction; these tests need committed data in
databases that other processes (pg_dump, pg_restore, `keruen import`) can see. A migrated base is
made once per session by `keruen migrate` in a child process; each test gets copies of it under
aliases it names (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: a copy of the file), dropped
afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

MakeDatabase = Callable[..., BaseDatabaseWrapper]


def admin_connection(settings_dict: dict[str, Any], dbname: str = "postgres") -> Any:
    """A psycopg connection (autocommit) to `dbname` on the server `settings_dict` names."""
    import psycopg

    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def database_url(settings_dict: dict[str, Any]) -> str:
    if "sqlite" in settings_dict["ENGINE"]:
        return f"sqlite:///{settings_dict['NAME']}"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return (
        f"postgresql://{settings_dict['USER'] or ''}{password}@"
        f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )


def keruen(*args: str, settings_dict: dict[str, Any], home: Path) -> subprocess.CompletedProcess:
    """`keruen ARGS` in a child process on the database `settings_dict` describes."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings_dict),
        "KERUEN_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    return subprocess.run(
        [sys.executable, "-m", "keruen", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@contextmanager
def served(settings_dict: dict[str, Any], home: Path, workers: int = 3) -> Iterator[str]:
    """`keruen serve` (gunicorn) on the database `settings_dict` describes, on a free loopback
    port: yields its URL, stops it afterwards."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings_dict),
        "KERUEN_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "keruen", "serve", "--port", "0", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield _listening(server)
    finally:
        server.terminate()
        server.wait(timeout=60)
        assert server.stderr is not None
        server.stderr.close()


def _listening(server: subprocess.Popen[str]) -> str:
    """The URL gunicorn says it listens at (requests queue on the socket until the workers are
    up, so nothing needs to wait for them)."""
    assert server.stderr is not None
    for line in server.stderr:
        if "Listening at:" in line:
            url = line.split("Listening at:")[1].split()[0]
            # Keep reading its log, or a full pipe would block the server.
            threading.Thread(target=server.stderr.read, daemon=True).start()
            return url
    raise AssertionError(f"keruen serve exited with {server.wait()} before listening")


@pytest.fixture(scope="session")
def migrated_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The settings of a migrated database (schema and reference data), made once."""
    source = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    base = dict(source)
    home = tmp_path_factory.mktemp("base-home")
    admin = None
    if "sqlite" in source["ENGINE"]:
        base["NAME"] = str(home / "base.sqlite3")
    else:
        base["NAME"] = f"keruen_ops_base_{os.getpid()}"
        admin = admin_connection(source)
        admin.execute(f'DROP DATABASE IF EXISTS "{base["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{base["NAME"]}"')
    migrate = keruen("migrate", "--no-input", "-v0", settings_dict=base, home=home)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    yield base
    if admin is not None:
        admin.execute(f'DROP DATABASE IF EXISTS "{base["NAME"]}"')
        admin.close()


@pytest.fixture
def make_database(migrated_base: dict[str, Any], tmp_path: Path) -> Iterator[MakeDatabase]:
    made: list[tuple[str, dict[str, Any]]] = []
    admin = None if "sqlite" in migrated_base["ENGINE"] else admin_connection(migrated_base)

    def make(alias: str, *, empty: bool = False) -> BaseDatabaseWrapper:
        """A migrated copy of the base, or with `empty` a database with no table at all."""
        target = dict(migrated_base)
        if admin is None:
            target["NAME"] = str(tmp_path / f"{alias}.sqlite3")
            if not empty:
                shutil.copyfile(migrated_base["NAME"], target["NAME"])
        else:
            target["NAME"] = f"{migrated_base['NAME']}_{alias}"
            template = "template0" if empty else migrated_base["NAME"]
            admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{target["NAME"]}" TEMPLATE "{template}"')
        connections.settings[alias] = target
        made.append((alias, target))
        # Test cases only let the aliases they knew at their start connect by themselves.
        connections[alias].connect()
        return connections[alias]

    yield make
    for alias, target in made:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
    if admin is not None:
        admin.close()
