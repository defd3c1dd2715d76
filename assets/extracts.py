"""Builds the ingestion asset of an extract from its contract (its pandera schema).

Each asset `raw_<source>__<extract>` ingests the files of its partitions (one run may cover a range
of partitions) and carries two checks: `contract`, the verdict on the rows (pandera's rules, the
key, the plausibility of dates and values), with the file, line, column and rule of each failure;
and `plausibility`, the verdict on each partition's volume against the previous ones (an empty
month where the previous ones were not). Failing rows are kept in the `quarantine` table, never
dropped.
Each partition's verdict is also appended to `dq_check_history` and alerted if failed (`quality/`).
"""

from collections import Counter

import dagster as dg
import pandera.pandas as pa

from ingestion import Aliases, ExtractContract, StructuralError
from ingestion.load import Reshape, ensure_raw_table, ingest_partitions
from pipelines.mde import MdeConfig
from pipelines.partitions import BY_NAME, partitions_metadata
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from pipelines.settings import require_real_key
from schemas import ALL_SCHEMAS
from quality.alerts import AlertsResource
from quality.history import contract_records, plausibility_records, record_and_alert, structural_records
from warehouse.engine import sa_type

CONTRACT_CHECK = "contract"
# Every raw table an extract asset writes, with its contract and reshaping: the SQL models create an
# empty one when a source was never delivered (a deployment without that domain still builds).
RAW_TABLES: dict[str, tuple[ExtractContract, Reshape | None]] = {}
PLAUSIBILITY_CHECK = "plausibility"


def extract_asset(schema: pa.DataFrameSchema, group: str, reshape: Reshape | None = None) -> dg.AssetsDefinition:
    contract = ExtractContract(schema)
    key = dg.AssetKey(contract.table)
    RAW_TABLES[contract.table] = (contract, reshape)
    # the other registers of the same workbook: their personal columns' words are scrubbed from this one's free text
    siblings = [ExtractContract(s) for s in ALL_SCHEMAS if s.metadata["file"] == contract.file_pattern and s.name != contract.name]

    @dg.asset(
        key=key,
        group_name=group,
        description=_describe(contract),
        partitions_def=BY_NAME[contract.partitioning],
        backfill_policy=dg.BackfillPolicy.single_run(),
        check_specs=[
            dg.AssetCheckSpec(CONTRACT_CHECK, asset=key, description=f"Rows of {contract.name} satisfy its contract"),
            dg.AssetCheckSpec(PLAUSIBILITY_CHECK, asset=key, description=f"Each partition of {contract.name} has a volume "
                              "in line with the previous ones (config/plausibility.yaml)"),
        ],
        kinds={"pandas", "pandera"},
        tags={"partitioning": contract.partitioning},
        pool=WAREHOUSE_POOL,
        metadata={"contract": dg.MetadataValue.md(_columns_table(contract)), "file_pattern": contract.file_pattern,
                  "dagster/column_schema": _column_schema(contract), **partitions_metadata(contract.partitioning)},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig, alerts: AlertsResource):
        try:
            require_real_key(project.pseudonymisation_key, project.sample_mode)
        except ValueError as exc:
            raise dg.Failure(description=str(exc)) from None
        try:
            reports = ingest_partitions(
                contract, warehouse.get(), project.extracts_path, context.partition_keys, project.pseudonymisation_key, reshape,
                rules=project.plausibility(), keep_going=True, siblings=siblings, vocabularies=_vocabularies(contract, project),
                aliases=Aliases.for_contract(contract, MdeConfig.load(project.mde_file).aliases),
            )
        except StructuralError as exc:  # the readable files are in; the unreadable ones fail the step, by name
            ensure_raw_table(contract, warehouse.get(), project.pseudonymisation_key, reshape)
            records = contract_records(contract.table, exc.reports) + plausibility_records(contract.table, exc.reports)
            record_and_alert(warehouse.get(), records + structural_records(contract.table, exc.partitions, exc.messages),
                             alerts.alerter(context.log), context.run.run_id)
            raise dg.Failure(description=str(exc), metadata={"unreadable_partitions": exc.partitions,
                                                             "partitions_loaded": [r.partition_key for r in exc.reports]}) from None
        # The check's result, per partition, into dq_check_history (own transaction) and alerted if failed.
        record_and_alert(warehouse.get(), contract_records(contract.table, reports) + plausibility_records(contract.table, reports),
                         alerts.alerter(context.log), context.run.run_id)
        rules = Counter()
        for report in reports:
            rules.update(report.failures_by_rule)
        quarantined = sum(r.rows_quarantined for r in reports)
        examples = [e for r in reports for e in r.examples][:20]
        check = dg.AssetCheckResult(
            check_name=CONTRACT_CHECK,
            passed=quarantined == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_quarantined": quarantined,
                "failures_by_rule": dict(rules),
                "examples": dg.MetadataValue.md(_examples_table(examples)) if examples else "none",
            },
        )
        flags = [f for r in reports for f in r.flags]
        plausibility = dg.AssetCheckResult(
            check_name=PLAUSIBILITY_CHECK,
            passed=not flags,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "partitions_flagged": len(flags),
                "flags": dg.MetadataValue.md(_flags_table(flags)) if flags else "none",
            },
        )
        # Dagster records one materialization per partition of the run: each carries its own
        # partition's figures, not the whole range's (a range of n months would copy n file names
        # into each of its n events).
        for report in reports:
            context.add_asset_metadata(_partition_metadata(report), partition_key=report.partition_key)
        return dg.MaterializeResult(check_results=[check, plausibility])

    return _ingest


def _vocabularies(contract: ExtractContract, project: ProjectConfig) -> dict[str, list[str]]:
    """The configured names of the labels the contract matches (column metadata `vocabulary`)."""
    if not any(contract.vocabulary(c) for c in contract.schema.columns):
        return {}
    config = MdeConfig.load(project.mde_file)
    return {"sites": [s.name for s in config.sites], "social_networks": list(config.social_networks),
            "communes": [c.code for c in project.territory().communes]}


def _partition_metadata(report) -> dict:
    """What one partition's materialization shows: its file and its rows."""
    return {
        "file": report.file,
        "dagster/row_count": report.rows_loaded,
        "rows_read": report.rows_read,
        "rows_quarantined": report.rows_quarantined,
        "ignored_columns": sorted(report.ignored_columns),
    }


def _describe(contract: ExtractContract) -> str:
    return f"{contract.schema.description}\n\nFiles: `{contract.file_pattern}` under the extracts folder."


def sql_type(contract: ExtractContract, name: str) -> str:
    """A raw column's type in the warehouse, as SQL names it (`DATE`, `BIGINT`, `NUMERIC(38, 2)`,
    `TEXT`): what the load creates (`warehouse.engine.sa_type`, exact amounts as NUMERIC), not pandas' dtype."""
    if contract.kind_of(name) == "decimal":
        return f"NUMERIC(38, {contract.scale_of(name) or 0})"
    return sa_type(contract.schema.columns[name].dtype).compile().upper()


def _column_schema(contract: ExtractContract) -> dg.TableSchema:
    """The raw table's columns as the contract types and describes them (dropped columns left out)."""
    columns = [
        dg.TableColumn(name, sql_type(contract, name) + (" (pseudonym)" if contract.personal(name) == "pseudonymise" else ""),
                       description=column.description, constraints=dg.TableColumnConstraints(nullable=column.nullable))
        for name, column in contract.schema.columns.items() if contract.personal(name) != "drop" and not column.regex
    ]
    return dg.TableSchema(columns=columns)


def _columns_table(contract: ExtractContract) -> str:
    rows = ["| column | type | rules | personal |", "|---|---|---|---|"]
    for name, column in contract.schema.columns.items():
        checks = ", ".join(str(c) for c in column.checks) or "-"
        rules = ("nullable; " if column.nullable else "required; ") + checks
        rows.append(f"| `{name}` | {sql_type(contract, name) if not column.regex else column.dtype} | {rules} | {contract.personal(name) or '-'} |")
    return "\n".join(rows)


def _flags_table(flags) -> str:
    rows = ["| partition | file | rule | rows | median before |", "|---|---|---|---|---|"]
    rows += [f"| {f.partition_key} | {f.file} | {f.rule} | {f.rows} | {f.median:g} |" for f in flags]
    return "\n".join(rows)


def _examples_table(examples: list[dict]) -> str:
    rows = ["| file | line | column | rule | reason | value |", "|---|---|---|---|---|---|"]
    rows += [f"| {e['file']} | {e['line']} | {e['column']} | {e['rule']} | {e['reason']} | {e['value']} |" for e in examples]
    return "\n".join(rows)


def ensure_raw_tables(warehouse, tables: list[str]) -> None:
    """Empty raw tables for the extracts among `tables` that were never ingested."""
    for table in tables:
        if table in RAW_TABLES and not warehouse.table_exists(table):
            contract, reshape = RAW_TABLES[table]
            ensure_raw_table(contract, warehouse, "", reshape)  # no row: no key needed
