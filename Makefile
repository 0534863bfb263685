# The two commands a new user needs: `make run` starts the app, `make test` runs every check.
# Each one sets itself up: a virtual environment in .venv holding exactly what uv.lock pins
# (every transitive dependency, with hashes), and Debian's Chromium for the browser tests
# and image export. `make lock-upgrade` moves the pins to the newest allowed versions.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
ROOM_PORT ?= 8502
# The app listens on this machine only; `make run HOST=0.0.0.0` serves a room on the network,
# answering any host name (ALLOWED_HOSTS narrows it, e.g. ALLOWED_HOSTS=192.168.1.20).
HOST ?= localhost
ALLOWED_HOSTS ?= *
ifeq ($(HOST),localhost)
SERVE := --server.address localhost
else
SERVE := --server.address '$(HOST)' --server.allowedHosts '$(ALLOWED_HOSTS)'
endif
# uv comes from PyPI into .venv (the lock pins it too); a uv already on PATH is not needed.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
# Use this machine's Python, never one uv would download.
export UV_PYTHON_DOWNLOADS := never

.PHONY: run room test lint types unit imports chromium postgresql lock-upgrade clean

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) sync --locked --extra dev --python $(BIN)/python --quiet
	touch $(STAMP)

lock-upgrade: $(STAMP)
	$(UV) lock --upgrade --python $(BIN)/python
	$(UV) sync --locked --extra dev --python $(BIN)/python
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
	$(BIN)/streamlit run app.py --server.port $(PORT) $(SERVE)

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

imports: $(STAMP)
	$(BIN)/lint-imports

test: $(STAMP) chromium postgresql lint types imports
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
