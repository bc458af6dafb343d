# Build and test tooling for nguon. Every target goes through `install`, which is cheap
# when nothing changed (a stamp keyed on the hash of requirements.lock).
#
#   make install | test [ARGS="-k foo"] | lint | format | demo | serve | bench | lock | clean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
# The stamp's name changes with the lock file's content: a new lock means a new sync.
LOCK_HASH := $(shell sha256sum $(LOCK) 2>/dev/null | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
# Translations: each .po is compiled to a .mo next to it (the .mo files are not in git).
PO_FILES := $(shell find nguon -path '*/locale/*/LC_MESSAGES/*.po' 2>/dev/null)
MO_FILES := $(PO_FILES:.po=.mo)
TEST_SETTINGS := nguon.config.settings.test
ARGS ?=
IMPORT_ARGS ?=
# Let uv trust the system's CA store too (as pip does here), even without SSL_CERT_FILE set.
export UV_SYSTEM_CERTS ?= 1

.PHONY: help install test lint format demo serve bench lock clean

help:
	@echo "make install            venv + locked dependencies + compiled translations (fast when up to date)"
	@echo "make test [ARGS=...]    pytest on SQLite, then on a throwaway PostgreSQL cluster"
	@echo "make lint               ruff, ruff format --check, mypy, Django checks, missing migrations"
	@echo "make format             ruff format + ruff check --fix"
	@echo "make demo               (re)build the demo database var/demo.sqlite3, print its figures and users, serve it (DEBUG off)"
	@echo "make serve              migrate, then the development server (DEBUG on) on 127.0.0.1:8000"
	@echo "make bench              bench/run on SQLite and on PostgreSQL"
	@echo "make lock               regenerate requirements.lock from pyproject.toml"
	@echo "make clean              remove .venv and var/*.sqlite3"

# Debian packages are checked on every run (a few dpkg look-ups); the rest only when needed.
install: $(STAMP) $(MO_FILES)
	@scripts/debian-deps

$(STAMP): $(LOCK) pyproject.toml
	scripts/debian-deps
	scripts/bootstrap-venv $(VENV)
	$(BIN)/uv pip sync --python $(BIN)/python $(LOCK)
	$(BIN)/uv pip install --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# One compilemessages run for all catalogues, again whenever a .po changes.
# compilemessages skips catalogues whose .mo is already newer, hence the touch.
ifneq ($(strip $(PO_FILES)),)
$(MO_FILES) &: $(PO_FILES) | $(STAMP)
	$(BIN)/nguon compilemessages --ignore=$(VENV)
	touch $(MO_FILES)
endif

test: install
	scripts/test-all $(ARGS)

# Lint with the test settings and an in-memory database: independent of any local DATABASE_URL.
lint: export DJANGO_SETTINGS_MODULE := $(TEST_SETTINGS)
lint: export DATABASE_URL := sqlite://:memory:
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy nguon
	$(BIN)/nguon check
	$(BIN)/nguon makemigrations --check --dry-run
	scripts/check-translations
	scripts/po-missing nguon

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: install
	mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3 $(BIN)/nguon demo --reset

# Serves the demo database unless DATABASE_URL says otherwise.
serve: install
	export DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/demo.sqlite3}; \
	$(BIN)/nguon migrate && $(BIN)/nguon runserver 127.0.0.1:8000

# bench/run is written later; it gets DATABASE_URL from here (fresh SQLite file, then PostgreSQL).
bench: install
	@if [ ! -e bench/run ]; then echo "bench: no bench/run yet, nothing to do"; exit 0; fi; \
	mkdir -p var; rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm; \
	echo "===== bench on SQLite ====="; \
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 bench/run $(ARGS); \
	echo "===== bench on PostgreSQL ====="; \
	scripts/with-postgres bench/run $(ARGS); \
	echo "===== import bench on SQLite ====="; \
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-import.sqlite3 bench/run-imports $(IMPORT_ARGS); \
	echo "===== import bench on PostgreSQL ====="; \
	scripts/with-postgres bench/run-imports $(IMPORT_ARGS)

# Not automatic: the lock changes only when someone asks for it.
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o $(LOCK)

$(BIN)/uv:
	scripts/bootstrap-venv $(VENV)

clean:
	rm -rf $(VENV) var/*.sqlite3 var/*.sqlite3-wal var/*.sqlite3-shm *.egg-info
