# The two commands: `make run` starts the platform on the embedded default (a PostgreSQL server from
# a pip package and a filesystem broker, both in var/); `make test` runs lint, Django's checks and the
# whole test suite. Both create or update .venv first.

SHELL := /bin/bash
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV ?= $(ROOT)/.venv
# A new .venv is made with the newest Python >= 3.11 on PATH (job files may use 3.12 syntax): the first of
# these that runs and is recent enough. `PYTHON=/path/to/python make ...` chooses another. An existing .venv
# is kept as it is: delete it to make it again with another Python.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
PYTHON ?= $(shell for candidate in $(PYTHON_CANDIDATES); do \
	"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo "$$candidate"; break; }; done)
NO_PYTHON := No Python 3.11 or newer found (tried $(PYTHON_CANDIDATES)); install one or set PYTHON=/path/to/python.
PY := $(VENV)/bin/python
MANAGE := $(PY) $(ROOT)/manage.py
# The install is redone when pyproject.toml is newer than this stamp.
INSTALLED := $(VENV)/.installed-dev
# pynautobot 3.x, the Nautobot 2.x/3.x client the suite runs against the API (tests/extras/api/test_pynautobot3.py),
# in a folder of its own: it cannot share .venv with pynautobot 1.5, the Nautobot 1.x client.
PYNAUTOBOT3_DIR := $(ROOT)/var/clients/pynautobot3
PYNAUTOBOT3 := $(PYNAUTOBOT3_DIR)/.installed
PYNAUTOBOT3_SPEC := pynautobot>=3,<4
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help which-python install run test lint format check docs pytest bench bench-api bench-schedules

help:
	@echo "make run     start the web server on 127.0.0.1:\$${PORT:-8080} with a Celery worker and beat"
	@echo "make test    lint, Django checks and the whole test suite (PYTEST_ARGS=... to pass options)"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make docs    build the documentation site (served at /docs/) with mkdocs build --strict"
	@echo "make which-python  the Python a new .venv is made with (PYTHON=... to choose)"

which-python:
	@test -n "$(PYTHON)" || { echo "$(NO_PYTHON)" >&2; exit 1; }
	@echo "$(PYTHON) ($$($(PYTHON) --version 2>&1))"

install: $(INSTALLED) $(PYNAUTOBOT3)

$(INSTALLED): $(ROOT)/pyproject.toml
	@test -x $(PY) || { \
		test -n "$(PYTHON)" || { echo "$(NO_PYTHON)" >&2; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))."; \
		$(PYTHON) -m venv $(VENV) || { \
			echo "Could not create $(VENV); on Debian install python3-venv first." >&2; exit 1; }; }
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet -p $(PY) -e '$(ROOT)[dev,embedded,docs]'
	@touch $@

$(PYNAUTOBOT3): $(INSTALLED)
	rm -rf $(PYNAUTOBOT3_DIR)
	$(VENV)/bin/uv pip install --quiet -p $(PY) --target $(PYNAUTOBOT3_DIR) '$(PYNAUTOBOT3_SPEC)'
	@touch $@

# serve starts the embedded PostgreSQL, migrates, creates the admin user, loads the demo inventory and
# enables the shipped example jobs the first time they are found, then supervises web, worker and beat.
run: $(INSTALLED) docs
	cd $(ROOT) && exec $(MANAGE) serve --demo

test: lint check docs pytest

# Benchmarks print JSON; they are not tests. Defaults: embedded PostgreSQL + filesystem broker in a fresh DATA_DIR.
# For PostgreSQL + Redis: DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://… make bench
bench: $(INSTALLED)
	cd $(ROOT) && $(PY) bench/engine_bench.py

# The shared Nautobot-dialect client (../shared/bench/jobs_bench.py) against gunicorn + a worker.
bench-api: $(INSTALLED)
	cd $(ROOT) && $(PY) bench/api_bench.py

# Schedule firing delay (due time -> run created -> job started) through a real beat and worker.
bench-schedules: $(INSTALLED)
	cd $(ROOT) && $(PY) bench/schedule_bench.py

lint: $(INSTALLED)
	cd $(ROOT) && $(VENV)/bin/ruff check .
	cd $(ROOT) && $(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	cd $(ROOT) && $(VENV)/bin/ruff format .
	cd $(ROOT) && $(VENV)/bin/ruff check --fix .

# The documentation site from docs/ into var/docs-site/ (mkdocs.yml), which the app serves at /docs/. --strict:
# a broken link, a missing anchor or a page left out of the nav fails the build.
docs: $(INSTALLED)
	cd $(ROOT) && NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

# Checks run against the test settings so they never create files in the `make run` data directory.
check: $(INSTALLED)
	cd $(ROOT) && DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	cd $(ROOT) && DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run

# pytest exits 5 when it collected nothing: for a gate that is a failure, not a pass.
pytest: $(INSTALLED) $(PYNAUTOBOT3)
	@cd $(ROOT) && $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests: failing" >&2; exit 1; fi; exit $$status
