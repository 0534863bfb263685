# The two commands a new user needs: `make run` starts the app, `make test` runs every check.
# Each one sets itself up: a virtual environment in .venv, and Debian's Chromium for the
# browser tests and image export.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
ROOM_PORT ?= 8502

.PHONY: run room test lint types unit chromium postgresql clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium (browser tests and image export)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The storage tests run against a real PostgreSQL too: they start Debian's server
# themselves (initdb/pg_ctl), or use TEAMBUILDER_TEST_POSTGRES_URL when it is set.
postgresql:
	@test -x /usr/lib/postgresql/15/bin/initdb || [ -n "$$TEAMBUILDER_TEST_POSTGRES_URL" ] || { \
	  echo "Installing Debian's PostgreSQL (storage tests)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT)

# The workshop's participants' server: only the join page, on the network for phones.
room: $(STAMP)
	$(BIN)/streamlit run join_app.py --server.port $(ROOM_PORT) --server.address 0.0.0.0 \
	  --browser.gatherUsageStats false

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -m "not browser"

test: $(STAMP) chromium postgresql lint types
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
