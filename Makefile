# Styrportal. `make demo` runs the portal with the Alingsås example; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install demo port-free test lint lock messages clean bench bench-pg

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Styrportal needs Python 3.11 or newer: run make with PYTHON=python3.11 (or newer).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: port-free install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_example
	@echo
	@echo "Styrportal runs on http://127.0.0.1:$(PORT)/ with a Celery worker beside it. Sign in with a demo user above."
	@echo "Stop both with Ctrl-C."
	@echo
	bash scripts/run-demo.sh

# Before installing anything: a busy port is found in a second, not after install, migrate and load.
port-free:
	@$(PYTHON) scripts/check-port.py $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy portal sso budgets goals planning followups internalcontrol fulfillment reporting public api kolada audit bench manage.py
	$(BIN)/lint-imports  # the apps' layers: [tool.importlinter] in pyproject.toml
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djade --check --target-version 5.2
	$(BIN)/python manage.py makemigrations --check --dry-run

# The benchmark on a large synthetic municipality, in its own database (docs/benchmark.md).
# BENCH_ARGS="--scale 0.1" for a quick run; bench-pg uses PostgreSQL and adds the gunicorn load test.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/styrportal_bench
bench: install
	DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python manage.py bench $(BENCH_ARGS)

bench-pg: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python manage.py bench $(BENCH_ARGS)

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/styrportal-lock && $(PYTHON) -m venv /tmp/styrportal-lock
	/tmp/styrportal-lock/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
	/tmp/styrportal-lock/bin/pip freeze --exclude-editable --disable-pip-version-check > constraints.txt

# Update the English translation file after changing Swedish texts, then compile it.
messages: install
	$(BIN)/python manage.py makemessages --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale en --ignore '.venv/*'

clean:
	rm -rf $(VENV) var
