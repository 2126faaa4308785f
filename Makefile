# Two commands matter: `make demo` (try the bot on the embedded sandbox) and `make test`.
# Each creates or refreshes the virtual environment itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: venv lock model demo test lint bench chaos run clean

# Dependencies come from requirements.lock (every package pinned, with hashes: a fresh machine gets exactly
# what CI tested); pyproject.toml keeps the ranges. After changing a range there, run `make lock` and commit.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links \
		--extra dev --extra postgres -o requirements.lock pyproject.toml

# The intent model is trained from intents/data on first use and cached; doing it once here keeps the
# parallel test workers (and the demo's first message) from each paying for it.
model: venv
	$(BIN)/python -c "import intents; intents.load()"

demo: model
	$(BIN)/concierge sandbox

run: model
	$(BIN)/concierge run

test: model
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The lint and type gate (CI runs it before the tests; tests/test_code_quality.py runs it too).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

# The chaos soak (sandbox/chaos.py): two replicas on a fresh PostgreSQL schema, kills, faults; several seeds.
CHAOS_SECONDS ?= 240
chaos: model
	for seed in 1 2 3; do $(BIN)/concierge chaos --seconds $(CHAOS_SECONDS) --seed $$seed || exit 1; done

bench: venv
	$(BIN)/concierge bench all

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
