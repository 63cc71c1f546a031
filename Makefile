# Two commands set everything up on a fresh machine:
#   make demo   installs into .venv and runs the demo (the main job) on the embedded SQLite archive
#   make test   installs what the tests need (Debian's PostgreSQL server too) and runs the suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-test postgres lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# The archive's tests run on a real, throwaway PostgreSQL server as well as on SQLite.
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; then \
		echo "PostgreSQL server: present"; \
	else \
		echo "PostgreSQL server: installing Debian's package"; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends postgresql; \
	fi

demo: install
	$(BIN)/csphub demo

test: install-test postgres
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check src tests benchmarks tools

bench: install-test
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) .csphub .pytest_cache .hypothesis
