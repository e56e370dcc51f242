# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
FRONTEND := frontend
NODE_INSTALLED := $(FRONTEND)/node_modules/.package-lock.json
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx

export KIPNI_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: help install run serve test test-python test-frontend lint format lock frontend e2e browser nginx swagger-assets clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(INSTALLED): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(INSTALLED) ## Create .venv and install the locked Python dependencies

$(NODE_INSTALLED): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

frontend: ## Build the SPA into frontend/dist (when frontend/ has one)
	@if [ -f $(FRONTEND)/package.json ]; then \
		$(MAKE) --no-print-directory $(NODE_INSTALLED) && cd $(FRONTEND) && npm run build; \
	fi

run: install frontend ## Migrate and seed the database, build the SPA, serve on 127.0.0.1:8000
	$(BIN)/kipni db upgrade
	$(BIN)/kipni seed $(if $(filter 1,$(KIPNI_DEMO)),--demo)
	KIPNI_WORKER_IN_PROCESS=$${KIPNI_WORKER_IN_PROCESS:-true} $(BIN)/kipni serve

test: install ## Run every test: unit, API, both databases, migrations, SPA and browser
	$(MAKE) --no-print-directory test-python
	@if [ -f $(FRONTEND)/package.json ]; then $(MAKE) --no-print-directory test-frontend; fi

test-python: install nginx ## Python tests on SQLite and PostgreSQL
	$(BIN)/pytest

test-frontend: install browser frontend ## SPA unit tests, generated types, bundle size, browser tests
	cd $(FRONTEND) && npm test && npm run check-generated && npm run size && npm run e2e

browser: ## Install Debian's chromium for the browser tests when missing
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

nginx: ## Install Debian's nginx for the test of deploy/nginx.conf when missing
	@test -x $(NGINX) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

lint: install ## ruff and mypy (strict)
	$(BIN)/ruff check api tests migrations
	$(BIN)/ruff format --check api tests migrations
	$(BIN)/mypy api tests migrations

format: install ## Format the Python code
	$(BIN)/ruff format api tests migrations
	$(BIN)/ruff check --fix api tests migrations

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--no-header --index-url https://pypi.org/simple -o requirements.lock

swagger-assets: ## Refresh the vendored Swagger UI files from npm
	tmp=$$(mktemp -d) && cd $$tmp && npm pack swagger-ui-dist@5 --silent && tar xzf swagger-ui-dist-*.tgz && \
	cp package/{swagger-ui-bundle.js,swagger-ui.css,swagger-ui-bundle.js.LICENSE.txt,oauth2-redirect.html,oauth2-redirect.js,favicon-32x32.png,LICENSE,NOTICE} \
		$(CURDIR)/api/static/swagger/

clean: ## Remove the virtualenv, build output and the local database
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist var
