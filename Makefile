# Two commands matter: `make demo` (try the bot on the embedded sandbox) and `make test`.
# Each creates or refreshes the virtual environment itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: venv demo test bench run clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/concierge sandbox

run: venv
	$(BIN)/concierge run

test: venv
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: venv
	$(BIN)/concierge bench all

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
