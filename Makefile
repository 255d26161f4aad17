# Quick start: `make serve` serves the site, `make test` runs the whole suite.
# Both create .venv with the pinned dependencies first (needs Python $(PYTHON_MIN) or newer with venv).
PYTHON ?= python3
# The oldest Python every pinned package in requirements.lock accepts (tests/test_setup.py keeps it so).
PYTHON_MIN := 3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements.lock | cksum | cut -d" " -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test format check source bench clean

$(STAMP): requirements.txt requirements.lock
	@$(PYTHON) -c 'import sys; v = tuple(map(int, "$(PYTHON_MIN)".split("."))); sys.exit(sys.version_info[:len(v)] < v)' \
	  2>/dev/null || { echo "Python $(PYTHON_MIN) or newer is needed; '$(PYTHON)' is" \
	  "$$($(PYTHON) --version 2>/dev/null || echo 'not found')."; \
	  echo "Debian 12 and Ubuntu 24.04 ship one as /usr/bin/python3: run 'make $(MAKECMDGOALS) PYTHON=/usr/bin/python3'."; \
	  echo "Elsewhere install Python $(PYTHON_MIN)+ (python.org, or 'pyenv install $(PYTHON_MIN)') and pass PYTHON=<its path>."; \
	  exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment: on Debian or Ubuntu run" \
	  "'sudo apt-get install python3-venv' and retry."; exit 1; }
	@echo "Installing the pinned dependencies into $(VENV) with $$($(PYTHON) --version) (once; one to two minutes)..."
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@
	@echo "Dependencies installed."

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Build into a fresh folder and swap it in only on success: a failed build leaves the last good site.
build: $(STAMP)
	@rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new
	@rm -rf site.old && { [ ! -d site ] || mv site site.old; } && mv site.new site && rm -rf site.old
	@$(BIN)/python scripts/registry.py --update   # record the ids just published (commit registry.yaml)
	@echo "Built site/"

# citeproc-js, which the citation client tests run (pinned in tests/clients/package-lock.json).
CLIENTS := tests/clients/node_modules/.package-lock.json
$(CLIENTS): tests/clients/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/clients --no-audit --no-fund; \
	  else echo "npm not found: the citeproc-js tests will be skipped (Debian: apt-get install npm)."; fi

# Lint and format check (ruff, 100 columns; `make format` fixes what it can), then the whole suite.
test: $(STAMP) $(CLIENTS)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff format scripts tests
	$(BIN)/ruff check --fix scripts tests

# Check the data only (no site): every quote, id and date.
check: $(STAMP)
	$(BIN)/python scripts/publish.py --check

# Add or re-normalize a source: make source FILE=<captured text> ID=<id>  (FILE may be left out to rerun)
source: $(STAMP)
	@[ -n "$(ID)" ] || { echo "usage: make source FILE=<captured text> ID=<id>"; exit 2; }
	$(BIN)/python scripts/normalize.py $(ID) $(FILE)

# What the engine costs beside MkDocs, at the record's size and ten times it (figures, no pass/fail).
bench: $(STAMP)
	$(BIN)/python scripts/bench.py 5

clean:
	rm -rf site site.new site.old .pytest_cache
