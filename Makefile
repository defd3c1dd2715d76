# The two commands a new user runs: `make run` and `make test`. Each sets itself up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2025
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

FROM ?= 2019-01
TO ?= 2025-12

.PHONY: setup instance run backfill test validate dev sample clean lock audit

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
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

## lock: re-resolve requirements.lock from pyproject.toml, with hashes (keeps current pins unless they must move)
lock: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes --no-annotate \
		--custom-compile-command "make lock" -o requirements.lock

## audit: known vulnerabilities of the locked dependencies (needs a vulnerability database online: PyPI / OSV)
audit: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-audit
	$(BIN)/pip-audit --require-hashes --disable-pip -r requirements.lock

clean:
	rm -rf data out .dagster_home
