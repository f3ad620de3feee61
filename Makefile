# Grassroots — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
export UV_PYTHON_DOWNLOADS := never
# The development opt-in: the demo's key and DEBUG are allowed only with it (see grassroots/settings.py).
# `make run`, `make test` and `make bench` are development; a server started any other way is production.
export GRASSROOTS_DEV ?= 1
# Printed on ballot sheets and in their QR codes, and in notification emails: the address this server answers on.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test bench lint messages setup worker clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: .venv/.synced

## Set everything up and serve the demo province on SQLite (with a background task worker, restarted if it dies).
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py schedule_reminders
	@echo "Serving http://$(HOST):$(PORT)"
	@( trap 'kill $$worker 2>/dev/null; exit' TERM; \
	   while :; do $(PY) manage.py db_worker --no-reload & worker=$$!; wait $$worker; \
	     echo "The task worker stopped (status $$?); starting it again in 2 s." >&2; sleep 2; done ) & loop=$$!; \
	  trap "kill $$loop 2>/dev/null" EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL). Browser tests need chromium.
test: setup
	$(PY) manage.py check
	$(PY) -m pytest -q $(PYTEST_ARGS)

## Benchmarks: JSON lines on stdout (see README.md, Benchmarks, and bench/run.py).
bench: setup
	$(PY) bench/run.py

lint: setup
	$(PY) -m ruff check .

## Re-extract and compile translations after changing user-facing text.
messages: setup
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=.tools --ignore=bench
	$(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv $(TOOLS) var
