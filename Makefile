# Two commands do all the set-up: `make demo` runs the bot, `make test` runs every check.
# Each creates the virtual environment it needs on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test sandbox serve doctor lint bench clean

$(BIN)/ashby-bot: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ashby-bot needs Python 3.11 or newer: run make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(BIN)/ashby-bot
	$(BIN)/ashby-bot demo

sandbox: $(BIN)/ashby-bot
	$(BIN)/ashby-bot sandbox --port 8787

serve: $(BIN)/ashby-bot
	$(BIN)/ashby-bot serve

doctor: $(BIN)/ashby-bot
	$(BIN)/ashby-bot doctor

lint: $(BIN)/ashby-bot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/ashby-bot
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
