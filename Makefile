# Front Door: `make run` serves the demo, `make test` runs every check. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DJANGO_SETTINGS_MODULE ?= frontdoor.settings.local

.PHONY: lock run test bench online-params setup assets browser lint typecheck check-definitions migrate seed clean cin-validator

setup: $(VENV)/.installed assets

$(VENV)/.installed: requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# The DfE CIN rules as councils run them (csc-validator-be-cin), in an environment of its own: it needs pandas
# 1.x and govuk-bank-holidays 0.13, which cannot share .venv (docs/adr/0028-returns-cin-validator.md)
CIN_LOCK := tests/reporting/cin_validator/requirements.lock
cin-validator: .venv-cin/.installed

.venv-cin/.installed: $(CIN_LOCK)
	$(PYTHON) -m venv --clear .venv-cin
	.venv-cin/bin/pip install --quiet -r $(CIN_LOCK)
	cp $(CIN_LOCK) $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: frontdoor/static/build/application.css

frontdoor/static/build/application.css: node_modules/.installed $(wildcard frontdoor/core/assets/*)
	npm run --silent build

# Debian's Chromium for the browser tests (Playwright's own browser download is not used)
browser:
	@command -v /usr/bin/chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

var:
	mkdir -p var

migrate: setup var
	$(BIN)/python manage.py migrate --noinput -v0

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Front Door demo: http://127.0.0.1:$(PORT)/ (staff: http://127.0.0.1:$(PORT)/staff/sign-in/)"
	@# The web server and the worker from the Procfile, each restarted by frontdoor/worker/supervise.py if it exits
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

check-definitions: setup
	DJANGO_SETTINGS_MODULE=frontdoor.settings.test $(BIN)/python manage.py screener_check frontdoor/screener/definitions/*.yaml

test: setup cin-validator browser lint typecheck check-definitions
	DJANGO_SETTINGS_MODULE=frontdoor.settings.test $(BIN)/pytest --create-db

bench: setup var
	$(BIN)/python bench/run.py

# The online search's parameters (ADR 0015, December 2026): v4's training, with m of names, date of birth and
# address mixed with a blend of the bench's corruption models at a training-only seed; and the same without
# ocr, so that the bench measures one profile no training saw. Deterministic: no cache, fixed seeds.
BLEND := --term-frequencies --records 12000 --blend-records 6000 --blend-weight 0.2
online-params: setup
	$(BIN)/python -m frontdoor.people.matching.train --out params/v5.json --version v5 $(BLEND) \
		--profiles febrl keyboard ocr phonetic missing_moves
	$(BIN)/python -m frontdoor.people.matching.train --out params/v5-without-ocr.json --version v5-without-ocr \
		$(BLEND) --profiles febrl keyboard phonetic missing_moves

clean:
	rm -rf $(VENV) .venv-lock node_modules var frontdoor/static .pytest_cache .mypy_cache .ruff_cache

# Re-lock after changing pyproject.toml: runtime (requirements.txt, what a server installs) and development
# (requirements-dev.txt, runtime plus the test tools), every package pinned with its hashes. pip-tools runs in
# its own environment; the current pins are kept unless pyproject.toml asks for others.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.7.0
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		-c requirements-dev.txt -o requirements.txt pyproject.toml
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--extra dev -c requirements-dev.txt -o requirements-dev.txt pyproject.toml
