# `make demo` and `make test` work on a fresh machine: both create .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test check bench bench-fetch bench-pipeline clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m cleaner.demo

test: $(STAMP)
	$(PY) -m pytest -q

check: $(STAMP)
	$(VENV)/bin/ruff check cleaner tests bench
	$(VENV)/bin/ruff format --check cleaner tests bench
	$(VENV)/bin/mypy cleaner bench

bench: $(STAMP)
	$(PY) -m bench.devset

bench-fetch: $(STAMP)
	$(PY) -m bench.fetch

bench-pipeline: $(STAMP)
	$(PY) -m bench.pipeline

clean:
	rm -rf $(VENV) out build *.egg-info
