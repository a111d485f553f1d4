# Keruen: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
# The installer and the lock tool are pinned: a fresh machine installs what CI tested, whatever
# pip or uv release next. Bump them on purpose, then run `make lock` and `make test`.
PIP_VERSION := 26.3
UV_VERSION := 0.13.9
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --only-binary :all: \
	--no-emit-package keruen --custom-compile-command "make lock" --quiet
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo serve test test-sqlite test-postgres lint lock bench messages clean

install: $(STAMP)

# Installs exactly the lock (every package a wheel, every file checked against its hash), then
# Keruen itself in editable mode with the setuptools the lock brought: nothing is built.
$(STAMP): pyproject.toml requirements/dev.txt scripts/check_system.py
	@$(PYTHON) scripts/check_system.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install -q --require-hashes --only-binary :all: --no-deps -r requirements/dev.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolves the locks from pyproject's ranges, keeping current pins that still fit;
# `make lock UPGRADE=1` moves every package to its newest release within the ranges.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv && $(BIN)/uv --version | grep -q " $(UV_VERSION)" \
		|| $(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o requirements/runtime.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o requirements/dev.txt

demo: install
	$(BIN)/keruen demo

serve: install
	$(BIN)/keruen serve

# The whole suite on SQLite, then on PostgreSQL when a server answers (KERUEN_REQUIRE_PG=1, as
# in CI, makes the PostgreSQL pass mandatory).
test: install lint test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest -n 2 --dist loadgroup --create-db

test-postgres: install
	@if $(BIN)/python -m keruen.core.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n 2 --dist loadgroup --create-db -m "not browser"; \
	elif [ "$$KERUEN_REQUIRE_PG" = "1" ]; then \
		echo "PostgreSQL at $(PG_URL) does not answer, and KERUEN_REQUIRE_PG=1 requires it" >&2; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL pass (no server answers at $(PG_URL))"; \
	fi

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo
	$(BIN)/hadolint Dockerfile

bench: install
	$(BIN)/python -m bench

messages: install
	cd src/keruen && ../../$(BIN)/keruen compilemessages

clean:
	rm -rf $(VENV) var test-output
