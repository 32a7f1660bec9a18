# Roll Call: the two commands of the README.
#   make site   set up (first run only) and build the whole site into site/
#   make test   set up, install the browser the page tests use, and run every test (as CI does)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NODE_TOOLS := tests/browser/node_modules/.installed

.PHONY: site test browser setup

site: setup
	$(BIN)/python build.py

test: setup browser $(NODE_TOOLS)
	$(BIN)/python -m pytest -m "" -n 2 -p no:cacheprovider

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Headless Chromium (and Java for the Nu HTML Checker) from Debian's packages.
browser:
	@command -v chromium >/dev/null && command -v java >/dev/null || scripts/install-system-packages

# The Nu HTML Checker (vnu.jar) and axe-core for the page checks, at the versions pinned in
# tests/browser/package-lock.json; reinstalled only when that file changes. --ignore-scripts:
# vnu-jar's install script would download a Java runtime; the tests use the system's Java.
$(NODE_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@
