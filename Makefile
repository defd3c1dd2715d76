# The two commands a new user runs: `make run` and `make test`. Each sets itself up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2025
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

FROM ?= 2019-01
TO ?= 2025-12

.PHONY: setup instance run backfill test validate dev sample clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## instance: a persistent Dagster instance in $(DAGSTER_HOME) (run history, partitions, checks)
instance:
	mkdir -p "$(DAGSTER_HOME)"
	test -f "$(DAGSTER_HOME)/dagster.yaml" || cp deploy/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"

## run: generate the sample extracts, materialize everything for $(YEAR), write the reports under out/
run: setup instance
	$(BIN)/python -m pipelines.run year $(YEAR) --generate-sample

## backfill: every month from $(FROM) to $(TO) and every year's report (sample extracts if none)
backfill: setup instance
	$(BIN)/python -m pipelines.run backfill --from $(FROM) --to $(TO) --sample-if-empty

## test: the whole suite, on two workers (PostgreSQL tests skip, saying why, where no server answers)
test: setup
	$(BIN)/python -m pytest -n 2

## validate: Dagster's own check that the definitions load
validate: setup
	$(BIN)/dg check defs

## dev: the Dagster UI on http://127.0.0.1:3000
dev: setup instance
	$(BIN)/dagster dev -w workspace.yaml

## sample: only write the sample extracts
sample: setup
	$(BIN)/python -m sample_data data/sample-extracts

clean:
	rm -rf data out .dagster_home
