# Two commands on a fresh machine:  `make run` (the dashboard)  and  `make test` (everything CI runs).
# Works without a TTY (CI runs `bash .ci/run` as root with no stdin).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PYTEST_ARGS ?=
# `make run` binds to loopback (local mode). Any other ADDRESS without an identity provider refuses every write.
ADDRESS ?= 127.0.0.1
PORT ?= 8501

# No prompts, no version nags.
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1
export DEBIAN_FRONTEND := noninteractive

.PHONY: run serve test lint bench clean system-deps

# --- virtualenv and Python packages ---------------------------------------------------------------
$(VPY):
	$(PYTHON) -m venv $(VENV)

# The stamps make pip run only when a requirements file is newer than the last install.
$(VENV)/.stamp-runtime: requirements.txt | $(VPY)
	$(VPY) -m pip install -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt, so this also satisfies the runtime stamp.
$(VENV)/.stamp-dev: requirements-dev.txt requirements.txt | $(VPY)
	$(VPY) -m pip install -r requirements-dev.txt
	touch $(VENV)/.stamp-runtime $@

# --- targets ---------------------------------------------------------------------------------------
# The collegium export renders its charts and PDF with Chromium and the DejaVu fonts: installed when missing.
run: $(VENV)/.stamp-runtime
	bash .ci/install-system-deps.sh --runtime
	$(VPY) -m data.build_db
	$(VPY) -m data.auth_settings var/auth.secrets.toml
	$(VENV)/bin/streamlit run app.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT) \
		--secrets.files .streamlit/secrets.toml --secrets.files var/auth.secrets.toml

# The production topology on this machine (docs/DEPLOY.md): nginx on http://127.0.0.1:$(PORT)/ in front of
# $(REPLICAS) Streamlit replicas, all on a throw-away PostgreSQL built from the reference data. Ctrl-C stops it.
REPLICAS ?= 3
PORT ?= 8080
SERVE_ARGS ?=
serve: system-deps $(VENV)/.stamp-runtime
	$(VPY) -m deploy.topology serve --replicas $(REPLICAS) --port $(PORT) $(SERVE_ARGS)

# chromium, fonts-dejavu-core, PostgreSQL (only what is missing)
system-deps:
	bash .ci/install-system-deps.sh

# All tests, settings from pyproject.toml; pytest's exit code is make's exit code.
test: system-deps $(VENV)/.stamp-dev
	$(VPY) -m pytest $(PYTEST_ARGS)

# Runs both checks and fails if either fails.
lint: $(VENV)/.stamp-dev
	status=0; \
	$(VPY) -m ruff check . || status=1; \
	$(VPY) -m ruff format --check . || status=1; \
	exit $$status

# Every bench/*.py script (none yet is fine), from the repo root so `import data` works.
bench: $(VENV)/.stamp-dev
	@shopt -s nullglob; status=0; \
	for script in bench/*.py; do \
		echo "== $$script"; \
		PYTHONPATH=. $(VPY) "$$script" || status=1; \
	done; \
	exit $$status

clean:
	rm -rf var/ test-artifacts/
