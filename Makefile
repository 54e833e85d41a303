# Valmo: `make run` (demo) and `make test` (whole suite) set everything up themselves.
# Python packages come from uv.lock (scripts/install.sh); system packages from scripts/system_deps.sh.
PYTHON ?= python3
BIN := .venv/bin
PORT ?= 8000
export PYTHON

.PHONY: run test install install-test deps-web frontend lock lint format migrate messages bench clean

install:
	@bash scripts/install.sh run

install-test:
	@bash scripts/install.sh test

deps-web:
	@bash scripts/system_deps.sh web

# Front-end packages, once a package-lock.json exists: `npm ci` when node_modules is older.
frontend: deps-web
	@if [ -f package-lock.json ]; then \
	  if [ ! -f node_modules/.valmo-npm-stamp ] || [ package-lock.json -nt node_modules/.valmo-npm-stamp ]; then \
	    echo "==> front-end: npm ci"; \
	    npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.valmo-npm-stamp; \
	  fi; \
	fi

run: install frontend
	@bash scripts/system_deps.sh pdf
	@$(BIN)/python scripts/run.py --port $(PORT)

test: install-test frontend
	@bash scripts/system_deps.sh pdf browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python manage.py compilemessages_py -v 0
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python manage.py makemigrations --check --dry-run
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

# After changing dependencies in pyproject.toml: update uv.lock and commit it.
lock:
	@bash scripts/install.sh lock

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: install
	$(BIN)/python manage.py valmo_migrate

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l fi -l sv -l en --ignore=.venv --ignore=var --ignore=node_modules
	$(BIN)/python manage.py compilemessages_py

bench: install
	$(BIN)/python bench/tenant_creation.py
	$(BIN)/python bench/migrate_tenants.py
	DJANGO_DEBUG=false $(BIN)/python bench/audit_cost.py

clean:
	rm -rf .venv var node_modules
