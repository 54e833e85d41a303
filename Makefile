# Valmo: `make run` (demo) and `make test` (whole suite) set everything up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup lint format migrate messages bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) scripts/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	bash scripts/system_deps.sh pdf
	$(BIN)/python scripts/run.py

test: setup
	bash scripts/system_deps.sh pdf browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python manage.py compilemessages_py -v 0
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python manage.py makemigrations --check --dry-run
	VALMO_VAR_DIR=$${VALMO_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: setup
	$(BIN)/python manage.py valmo_migrate

messages: setup
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l fi -l sv -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages_py

bench: setup
	$(BIN)/python bench/tenant_creation.py
	$(BIN)/python bench/migrate_tenants.py
	DJANGO_DEBUG=false $(BIN)/python bench/audit_cost.py

clean:
	rm -rf $(VENV) var
