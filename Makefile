# Two commands do everything: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/shared_ambition
CHROMIUM ?= /usr/bin/chromium
NGINX ?= /usr/sbin/nginx
# Two workers: the suite is CPU-bound and CI machines have two cores.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

.PHONY: install fonts run migrate seed serve test lint test-sqlite test-postgres test-browser chromium nginx bench wrk clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(INSTALLED) fonts

# PDFs (docs/documents.md) need fonts for every script people write their names in,
# and the tests read PDFs back with poppler-utils. What is checked is the fonts and
# tools themselves (any system); Debian's packages are installed only when one is
# missing. Elsewhere: docs/documents.md.
DOCUMENT_FONTS := Noto Sans,Noto Sans Arabic,Noto Sans Bengali,Noto Sans Gurmukhi,Noto Sans CJK SC,DejaVu Sans
DOCUMENT_TOOLS := fc-list pdftotext pdffonts pdfinfo pdftoppm pdfimages
DOCUMENT_PACKAGES := fontconfig fonts-noto-core fonts-noto-cjk fonts-dejavu-core poppler-utils
fonts:
	@missing=$$(for tool in $(DOCUMENT_TOOLS); do command -v $$tool >/dev/null || printf '%s; ' "$$tool"; done; \
		families='$(DOCUMENT_FONTS)'; IFS=,; for family in $$families; do \
		[ -n "$$(fc-list ":family=$$family" 2>/dev/null)" ] || printf '%s; ' "$$family"; done); \
	if [ -n "$$missing" ]; then \
		echo "Missing for PDFs: $${missing%; }. Installing $(DOCUMENT_PACKAGES)"; \
		{ command -v apt-get >/dev/null && { apt-get install -y --no-install-recommends $(DOCUMENT_PACKAGES) || \
		  { apt-get update && apt-get install -y --no-install-recommends $(DOCUMENT_PACKAGES); }; }; } || \
		{ [ "$$CI" = "true" ] && echo "Could not install them: failing because CI=true." && exit 1; \
		  echo "SKIPPED: could not install them (PDFs lack some scripts, their tests skip; docs/documents.md)."; }; \
	fi

## make run: install, migrate, load demo content and serve on http://127.0.0.1:8000
run: migrate seed serve

migrate: install
	DJANGO_SETTINGS_MODULE=site_config.settings.dev $(BIN)/python manage.py migrate --noinput

seed: install
	DJANGO_SETTINGS_MODULE=site_config.settings.dev $(BIN)/python manage.py seed_demo

serve: install
	@echo "Serving http://127.0.0.1:8000/ (admin at /admin/, login printed above)"
	DJANGO_SETTINGS_MODULE=site_config.settings.dev $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: lint, then the suite on SQLite, on PostgreSQL, then in Chromium
test: lint test-sqlite test-postgres test-browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=site_config.settings.test

test-sqlite: install
	@echo "=== Stage: SQLite ==="
	DATABASE_URL=sqlite:///var/test.sqlite3 $(PYTEST) -m "not browser"

test-postgres: install nginx
	@echo "=== Stage: PostgreSQL ($(PG_URL)) ==="
	@if ! $(BIN)/python -c 'import psycopg, sys; psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()' "$(PG_URL)" 2>/dev/null; then \
		if [ "$$CI" = "true" ]; then echo "PostgreSQL is not reachable at $(PG_URL): failing because CI=true."; exit 1; fi; \
		echo "SKIPPED: PostgreSQL is not reachable at $(PG_URL) (set PG_URL=...)."; exit 0; \
	fi; \
	DATABASE_URL=$(PG_URL) NGINX_PATH=$(NGINX) $(PYTEST) -m "not browser"

test-browser: install chromium
	@echo "=== Stage: browser (Chromium + axe) ==="
	DATABASE_URL=sqlite:///var/test.sqlite3 CHROMIUM_PATH=$(CHROMIUM) $(PYTEST) -m browser

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's Chromium for the browser tests"; \
		apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; } || \
		{ [ "$$CI" = "true" ] && exit 1 || echo "SKIPPED: could not install Chromium"; }; \
	fi

# The PostgreSQL stage serves the site through Debian's nginx with deploy/nginx's config.
nginx:
	@if [ ! -x "$(NGINX)" ]; then \
		echo "Installing Debian's nginx for the deployment tests"; \
		apt-get install -y --no-install-recommends nginx || { apt-get update && apt-get install -y --no-install-recommends nginx; } || \
		{ [ "$$CI" = "true" ] && exit 1 || echo "SKIPPED: could not install nginx"; }; \
	fi

## make bench: the site under load beside a bare Wagtail site, one table of figures
## (docs/performance.md); BENCH=bench_name picks some, BENCH_SECONDS=1 runs shorter
bench: install wrk
	$(BIN)/python -m tests.benchmarks $(BENCH)

# make bench loads the servers with Debian's wrk.
wrk:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk for the benchmarks"; \
		apt-get install -y --no-install-recommends wrk || { apt-get update && apt-get install -y --no-install-recommends wrk; }; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
