# Valmo: `make run` (demo) and `make test` (whole suite) set everything up themselves.
# Python packages come from uv.lock (scripts/install.sh); system packages from scripts/system_deps.sh.
PYTHON ?= python3
BIN := .venv/bin
PORT ?= 8000
export PYTHON

.PHONY: run test install install-test deps-web frontend lock lint typecheck format migrate messages bench clean

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

# mypy and the migrations check run beside pytest (their output is printed after it): they
# wait on the disk and the database much of the time, so the suite hides most of their
# wall time. Any failing step fails the target.
TEST_VAR = $${VALMO_VAR_DIR:-$(CURDIR)/var/test}
# With PYTHONDONTWRITEBYTECODE set, every Python process of the run (pytest, its workers, the
# servers and Celery workers the tests start) compiled all it imported from source: keep the
# bytecode in var/pycache instead (tests/conftest.py does the same for a plain `pytest`).
TEST_PY_ENV = $(if $(PYTHONDONTWRITEBYTECODE),PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$${PYTHONPYCACHEPREFIX:-$(CURDIR)/var/pycache})
test: install-test frontend
	@bash scripts/system_deps.sh pdf browser pgclient
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_PY_ENV) VALMO_VAR_DIR=$(TEST_VAR) $(BIN)/python manage.py compilemessages_py -v 0
	@mkdir -p var; \
	echo "$(BIN)/mypy & makemigrations --check --dry-run & pytest $(PYTEST_ARGS)"; \
	$(BIN)/mypy > var/make-test-mypy.log 2>&1 & mypy=$$!; \
	$(TEST_PY_ENV) VALMO_VAR_DIR=$(TEST_VAR) $(BIN)/python manage.py makemigrations --check --dry-run \
	  > var/make-test-migrations.log 2>&1 & migrations=$$!; \
	$(TEST_PY_ENV) VALMO_VAR_DIR=$(TEST_VAR) $(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if wait $$mypy; then tail -n 1 var/make-test-mypy.log; \
	else echo "==> mypy failed:"; cat var/make-test-mypy.log; status=1; fi; \
	if wait $$migrations; then echo "makemigrations --check: no changes"; \
	else echo "==> makemigrations --check failed:"; cat var/make-test-migrations.log; status=1; fi; \
	exit $$status

# After changing dependencies in pyproject.toml: update uv.lock and commit it.
lock:
	@bash scripts/install.sh lock

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What is checked and how strictly: [tool.mypy] in pyproject.toml (cache in var/mypy-cache).
typecheck: install-test
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: install
	$(BIN)/python manage.py valmo_migrate

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l fi -l sv -l en --ignore=.venv --ignore=var --ignore=node_modules
	$(BIN)/python manage.py compilemessages_py

bench: install
	@bash scripts/install.sh bench
	$(BIN)/python bench/tenant_creation.py
	$(BIN)/python bench/migrate_tenants.py
	DJANGO_DEBUG=false $(BIN)/python bench/audit_cost.py
	$(BIN)/python bench/final_summary_pdf.py
	$(BIN)/python bench/onboarding.py
	$(BIN)/python bench/large_municipality.py
	DJANGO_DEBUG=false $(BIN)/python bench/routing.py
	DJANGO_DEBUG=false $(BIN)/python bench/list_pages.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/memory.py

clean:
	rm -rf .venv var node_modules
