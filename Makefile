# Two commands for a fresh clone:
#   make run   - set up and serve the site at http://127.0.0.1:8000/ (SQLite)
#   make test  - set up everything the tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test venv test-deps chromium lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

run: venv
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test-deps: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt

chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Chromium and zbar-tools for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools >/dev/null; \
	else \
		echo "The browser tests need Chromium: run 'sudo apt-get install chromium zbar-tools' and try again." >&2; exit 1; \
	fi
	@if ! command -v zbarimg >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null; fi

lint: test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: test-deps chromium lint
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
