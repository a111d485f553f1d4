# Keruen: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export PIP_CONSTRAINT := $(CURDIR)/constraints-build.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo serve test test-sqlite test-postgres lint bench messages clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints-build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip>=24" "setuptools>=64,<81" wheel
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

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
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench

messages: install
	cd src/keruen && ../../$(BIN)/keruen compilemessages

clean:
	rm -rf $(VENV) var test-output
