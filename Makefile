# The front door of the analysis book. `make help` lists the targets.
# Everything is installed into a project-local virtual environment (.venv), with versions
# pinned by requirements.lock (used as pip constraints).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help book pdf chromium test validate serve weight lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.book-installed: $(BIN)/python pyproject.toml $(LOCK)
	$(PIP) install -c $(LOCK) -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.book-installed
	$(PIP) install -c $(LOCK) -e '.[test]'
	touch $@

book: $(VENV)/.book-installed chromium ## install and build the site (and its PDF) from data/ into _build/html
	$(BIN)/jobbook build
	$(BIN)/jobbook pdf

pdf: $(VENV)/.book-installed chromium ## print the built book as one PDF (also linked from the site)
	$(BIN)/jobbook pdf

chromium: ## install Debian's Chromium (apt) when it is missing (the PDF and the browser tests use it)
	@command -v chromium >/dev/null 2>&1 || { echo "Installing chromium (apt)"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

validate: $(VENV)/.book-installed ## check every table of data/ and list the problems
	$(BIN)/jobbook validate

serve: $(VENV)/.book-installed ## preview the built site on http://127.0.0.1:8000/
	$(BIN)/jobbook serve

weight: $(VENV)/.book-installed ## report the bytes of every page and of the shared assets
	$(BIN)/jobbook weight

test: $(VENV)/.test-installed chromium node_modules/.installed ## install what the tests need and run all tests
	$(BIN)/ruff check src tests
	@$(BIN)/python -m pytest --nbval-lax tests notebooks; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure" >&2; exit 1; fi; \
	exit $$rc

lock: ## re-resolve the environment and rewrite requirements.lock
	rm -rf /tmp/jobbook-lock-venv
	$(PYTHON) -m venv /tmp/jobbook-lock-venv
	/tmp/jobbook-lock-venv/bin/python -m pip install --quiet -e '.[test]'
	/tmp/jobbook-lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > $(LOCK)

clean: ## remove build output (keeps .venv and node_modules)
	rm -rf _build book/budgetaar book/temaer book/generated book/_static/vendor
