# Regie: `make` (or `make help`) lists the targets.
#
# `make demo` and `make test` bootstrap themselves on a machine with only Python 3.11+ and make:
# they create .venv with `python3 -m venv`, install uv into it with pip when uv is not on PATH,
# and install the locked dependencies (uv.lock, all groups) into .venv. A stamp file keeps repeat
# runs fast; changing pyproject.toml or uv.lock syncs again.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.regie-synced
# The first of these that runs and is 3.11 or newer creates .venv; `make PYTHON=... test` picks one.
PYTHON_CANDIDATES := $(or $(PYTHON),python3.13 python3.12 python3.11 python3)
# uv from PATH if there is one, otherwise the one pip installs into .venv.
UV_ON_PATH := $(shell command -v uv 2>/dev/null)
UV ?= $(or $(UV_ON_PATH),$(BIN)/uv)
PYTEST_WORKERS ?= auto
CHROMIUM ?= /usr/bin/chromium
# The wallet's JavaScript unit tests (node --test), under tests/pwa/js/.
JS_TESTS := $(wildcard tests/pwa/js/*.test.mjs tests/pwa/js/*.test.js)
# Installed by `npm ci` in tools/lighthouse (make lighthouse, make test).
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.regie-installed

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE ?= copy

.PHONY: help venv bootstrap demo test test-tools lint types fmt bench clean distclean

help: ## list the targets
	@echo "Regie: make <target>"
	@echo
	@grep -E '^[a-z][a-z -]*:.*## ' $(firstword $(MAKEFILE_LIST)) \
	  | awk 'BEGIN { FS = ":.*## " } { printf "  %-16s %s\n", $$1, $$2 }'

venv bootstrap: $(STAMP) ## create .venv and install the locked dependencies

demo: $(STAMP) ## run every part and show where to begin (regie demo; ARGS="--lan" for a phone)
	$(BIN)/regie demo $(ARGS)

test: $(STAMP) test-tools $(LIGHTHOUSE_STAMP) ## lint, mypy --strict, node --test, then pytest with branch coverage
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MAKE) test-js
	$(BIN)/pytest -n $(PYTEST_WORKERS) --cov --cov-branch --cov-report=term

# The browser tests need Debian's Chromium, the JavaScript tests Node.js: say so, never skip.
test-tools:
	@missing=0; \
	if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "make: Chromium ontbreekt ($(CHROMIUM)); installeer het: apt-get install chromium (.ci/run doet dat)." >&2; \
	  echo "make: Chromium is missing ($(CHROMIUM)); install it: apt-get install chromium (.ci/run does)." >&2; \
	  missing=1; \
	fi; \
	if ! command -v node >/dev/null 2>&1; then \
	  echo "make: Node.js ontbreekt; installeer het: apt-get install nodejs (.ci/run doet dat)." >&2; \
	  echo "make: Node.js is missing; install it: apt-get install nodejs (.ci/run does)." >&2; \
	  missing=1; \
	fi; \
	exit $$missing

# Lighthouse from npm (tools/lighthouse, exact versions in its package-lock.json), for the
# accessibility audit that make test runs too (tests/browser/test_lighthouse.py).
$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json | test-tools
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make: npm ontbreekt (voor Lighthouse); installeer het: apt-get install npm (.ci/run doet dat)." >&2; \
	  echo "make: npm is missing (for Lighthouse); install it: apt-get install npm (.ci/run does)." >&2; \
	  exit 1; }
	npm ci --prefix tools/lighthouse --ignore-scripts --no-audit --no-fund
	@touch $@

.PHONY: lighthouse
lighthouse: $(STAMP) test-tools $(LIGHTHOUSE_STAMP) ## Lighthouse over the wallet's screens and the relying parties' pages; writes docs/accessibility.md
	$(BIN)/python -m tests.browser.lighthouse --report docs/accessibility.md --html build/lighthouse

.PHONY: test-js
test-js: ## the wallet's JavaScript unit tests (node --test tests/pwa/js/*.test.mjs)
	@command -v node >/dev/null 2>&1 || { \
	  echo "make: Node.js ontbreekt; installeer het: apt-get install nodejs (.ci/run doet dat)." >&2; \
	  echo "make: Node.js is missing; install it: apt-get install nodejs (.ci/run does)." >&2; \
	  exit 1; }
	node --test $(JS_TESTS)

# The README's walkthrough pictures: the Boxtel story in Chromium saves them (tests/browser).
.PHONY: screenshots
screenshots: $(STAMP) test-tools ## retake the README's screenshots (docs/screenshots) with the Boxtel story
	REGIE_SCREENSHOTS=docs/screenshots $(BIN)/pytest -n 0 -p no:randomly tests/browser/test_story_boxtel.py

lint: $(STAMP) ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP) ## mypy --strict over every package
	$(BIN)/mypy

fmt: $(STAMP) ## format with ruff and apply its safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## run the benchmarks (python -m bench)
	$(BIN)/python -m bench

clean: ## remove caches, coverage data and build output (keeps .venv and data)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis htmlcov build dist
	rm -f .coverage .coverage.*
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -prune -exec rm -rf {} +

distclean: clean ## also remove .venv and Lighthouse's node_modules
	rm -rf $(VENV) tools/lighthouse/node_modules

$(STAMP): pyproject.toml uv.lock | $(BIN)/python $(if $(UV_ON_PATH),,$(BIN)/uv)
	$(UV) sync --frozen --all-groups --python $(BIN)/python
	@touch $@

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(BIN)/python:
	@python=""; \
	for candidate in $(PYTHON_CANDIDATES); do \
	  if "$$candidate" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
	    python="$$candidate"; break; \
	  fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "make: Regie needs Python 3.11 or newer; none of these is: $(PYTHON_CANDIDATES)." >&2; \
	  echo "make: install one (Debian/Ubuntu: apt-get install python3 python3-venv), or pass PYTHON=/path/to/python3." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$("$$python" --version 2>&1))"; \
	if ! "$$python" -m venv $(VENV); then \
	  rm -rf $(VENV); \
	  echo "make: '$$python -m venv' failed; on Debian/Ubuntu install python3-venv (.ci/run does this)." >&2; \
	  exit 1; \
	fi
