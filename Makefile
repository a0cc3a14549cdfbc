# Two commands on a fresh machine:  `make run` (setup, generate, offline render)  and  `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
CORPUS ?= $(SHARED)/corpus
CONFORMANCE ?= $(SHARED)/conformance

.PHONY: run setup generate check-generated render test fuzz-long lint format typecheck check conformance corpus bench golden clean

run: generate render

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Byte-compile what `pip install -e` leaves as source (pip compiles what it installs), so the
# first import of a generated kind does not compile it, even with PYTHONDONTWRITEBYTECODE set.
generate: $(STAMP)
	$(PY) -m codegen generate
	$(PY) -m compileall -q codegen generated stack

check-generated: $(STAMP)
	$(PY) -m codegen generate --check

render: $(STAMP)
	$(PY) -m stack.render --out render

test: $(STAMP)
	$(PY) -m pytest

fuzz-long: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest tests/fuzz

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(STAMP)
	$(VENV)/bin/mypy codegen generated stack

check: check-generated lint typecheck test

conformance: $(STAMP)
	$(PY) -m codegen.conformance --root $(CONFORMANCE)

corpus: $(STAMP)
	$(PY) -m codegen.corpus --corpus $(CORPUS)

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) -m bench

golden: $(STAMP)
	$(PY) -m tests.golden.refresh

clean:
	rm -rf $(VENV) render .mypy_cache .pytest_cache .ruff_cache
