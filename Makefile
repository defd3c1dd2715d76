# The two commands a new user runs: `make run` and `make test`. Each sets itself up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2025
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup run test validate dev sample clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## run: generate the sample extracts, materialize everything for $(YEAR), write the reports under out/
run: setup
	mkdir -p "$(DAGSTER_HOME)"
	$(BIN)/python -m pipelines.run --year $(YEAR) --generate-sample

## test: the whole suite (PostgreSQL tests skip, saying why, where no server answers)
test: setup
	$(BIN)/python -m pytest

## validate: Dagster's own check that the definitions load
validate: setup
	$(BIN)/dagster definitions validate -w workspace.yaml

## dev: the Dagster UI on http://127.0.0.1:3000
dev: setup
	mkdir -p "$(DAGSTER_HOME)"
	$(BIN)/dagster dev -w workspace.yaml

## sample: only write the sample extracts
sample: setup
	$(BIN)/python -m sample_data data/extracts

clean:
	rm -rf data out .dagster_home
