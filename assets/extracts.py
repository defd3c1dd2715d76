"""Builds the ingestion assets from the extract contracts (pandera schemas): one asset per source.

Each asset `raw_<source>` ingests every extract of its source for the partitions of its run (one
run may cover a range of partitions), each extract into its own raw table `raw_<source>__<extract>`
with its own contract, its own transaction (an unreadable file costs only its own table) and its
own verdicts in `dq_check_history` (alerted if failed, `quality/`). One asset per source rather
than per file: a month of the association's sources is 25 files, and Dagster records about eleven
events per asset of a one-month run, two more per extra month of a range (docs/performance.md). The asset shows each table's
columns (`columns of <table>`) and each partition's rows per table.

The asset carries two checks: `contract`, the verdict on the rows (pandera's rules, the key, the
plausibility of dates and values), with the file, line, column and rule of each failure; and
`plausibility`, the verdict on each partition's volume against the previous ones (an empty month
where the previous ones were not). Failing rows are kept in the `quarantine` table, never dropped.
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


def source_assets(schemas: list[pa.DataFrameSchema], group: str, reshapes: dict[str, Reshape] | None = None) -> list[dg.AssetsDefinition]:
    """The ingestion asset of each source among `schemas` (in their order); `reshapes`: contract
    name -> the reshaping of its rows before validation (e.g. URSSAF's wide yearly columns)."""
    by_source: dict[str, list[pa.DataFrameSchema]] = {}
    for schema in schemas:
        by_source.setdefault(ExtractContract(schema).asset, []).append(schema)
    return [extract_asset(source_schemas, group, reshapes or {}) for source_schemas in by_source.values()]


def extract_asset(schemas: list[pa.DataFrameSchema], group: str, reshapes: dict[str, Reshape]) -> dg.AssetsDefinition:
    """The ingestion asset of one source: each of its extracts (a file, or a register of a workbook)
    loaded into its own raw table, each with its own verdicts in dq_check_history; the asset's two
    checks sum them up."""
    contracts = [ExtractContract(s) for s in schemas]
    assert len({(c.asset, c.partitioning) for c in contracts}) == 1, "one asset loads one source, partitioned one way"
    first = contracts[0]
    key = dg.AssetKey(first.asset)
    for contract in contracts:
        RAW_TABLES[contract.table] = (contract, reshapes.get(contract.name))
    # the other registers of the same workbook: their personal columns' words are scrubbed from this one's free text
    siblings = {c.name: [ExtractContract(s) for s in ALL_SCHEMAS if s.metadata["file"] == c.file_pattern and s.name != c.name]
                for c in contracts}
    tables = {c.name: c.table for c in contracts}  # a report names its contract; its table is the contract's
    what = first.name if len(contracts) == 1 else f"the {len(contracts)} extracts of source {first.source}"

    @dg.asset(
        key=key,
        group_name=group,
        description=_describe(contracts),
        partitions_def=BY_NAME[first.partitioning],
        backfill_policy=dg.BackfillPolicy.single_run(),
        check_specs=[
            dg.AssetCheckSpec(CONTRACT_CHECK, asset=key, description=f"Rows of {what} satisfy their contract"),
            dg.AssetCheckSpec(PLAUSIBILITY_CHECK, asset=key, description=f"Each partition of {what} has a volume "
                              "in line with the previous ones (config/plausibility.yaml)"),
        ],
        kinds={"pandas", "pandera"},
        tags={"partitioning": first.partitioning},
        pool=WAREHOUSE_POOL,
        metadata={**_contract_metadata(contracts), **_file_patterns(contracts), **partitions_metadata(first.partitioning)},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig, alerts: AlertsResource):
        try:
            require_real_key(project.pseudonymisation_key, project.sample_mode)
        except ValueError as exc:
            raise dg.Failure(description=str(exc)) from None
        rules, mde = project.plausibility(), project.mde()  # the settings read once per step, not per extract
        delivered = _delivered(contracts, project.extracts_path, context.partition_keys)
        nothing = [k for k in context.partition_keys if not any(k in keys for keys in delivered.values())]
        reports, unreadable = [], []
        for contract in contracts:  # each extract in its own transaction: one that fails costs only itself
            if not delivered[contract.name]:
                ensure_raw_table(contract, warehouse.get(), project.pseudonymisation_key, reshapes.get(contract.name))
                continue
            try:
                loaded = ingest_partitions(
                    contract, warehouse.get(), project.extracts_path, delivered[contract.name], project.pseudonymisation_key,
                    reshapes.get(contract.name),
                    rules=rules, keep_going=True, siblings=siblings[contract.name], vocabularies=_vocabularies(contract, project, mde),
                    aliases=Aliases.for_contract(contract, mde.aliases),
                )
            except StructuralError as exc:  # the readable files are in; the unreadable ones fail the step, by name
                ensure_raw_table(contract, warehouse.get(), project.pseudonymisation_key, reshapes.get(contract.name))
                records = contract_records(contract.table, exc.reports) + plausibility_records(contract.table, exc.reports)
                record_and_alert(warehouse.get(), records + structural_records(contract.table, exc.partitions, exc.messages),
                                 alerts.alerter(context.log), context.run.run_id)
                unreadable.append(exc)
                continue
            # The check's result, per partition, into dq_check_history (own transaction) and alerted if failed.
            record_and_alert(warehouse.get(), contract_records(contract.table, loaded) + plausibility_records(contract.table, loaded),
                             alerts.alerter(context.log), context.run.run_id)
            reports += loaded
        if unreadable or nothing:
            expected = {k: ", ".join(sorted({str(c.path_for(project.extracts_path, k)) for c in contracts})) for k in nothing}
            absent = [f"no file of source {first.source} for {k} (expected {files})" for k, files in expected.items()]
            raise dg.Failure(description="; ".join([*dict.fromkeys(str(exc) for exc in unreadable), *absent]),  # a workbook named once, not per register
                             metadata={"unreadable_partitions": sorted({p for exc in unreadable for p in exc.partitions} | set(nothing)),
                                       "partitions_loaded": sorted({r.partition_key for exc in unreadable for r in exc.reports}
                                                                   | {r.partition_key for r in reports})})
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
        by_partition: dict[str, list] = {}
        for report in reports:
            by_partition.setdefault(report.partition_key, []).append(report)
        for partition, parts in by_partition.items():
            context.add_asset_metadata(_partition_metadata(parts, tables if len(contracts) > 1 else None), partition_key=partition)
        return dg.MaterializeResult(check_results=[check, plausibility])

    return _ingest


def _delivered(contracts: list[ExtractContract], folder, keys: list[str]) -> dict[str, list[str]]:
    """Contract name -> the partitions among `keys` its file arrived for. A source's files may land
    on different days: one not arrived yet is a missing export (the data state reports it) and its
    partition is ingested again when it lands. A source of one extract is asked for every key: its
    file missing fails the run, naming it (`ingestion.load`)."""
    if len(contracts) == 1:
        return {contracts[0].name: list(keys)}
    return {c.name: [k for k in keys if c.path_for(folder, k).exists()] for c in contracts}


def _contract_metadata(contracts: list[ExtractContract]) -> dict:
    """The contract's columns (a table and Dagster's column schema); for several extracts, one of each per table."""
    if len(contracts) == 1:
        return {"contract": dg.MetadataValue.md(_columns_table(contracts[0])), "dagster/column_schema": _column_schema(contracts[0])}
    return {"tables": [c.table for c in contracts],
            "contract": dg.MetadataValue.md("\n\n".join(f"**{c.table}** ({_where(c)})\n\n" + _columns_table(c) for c in contracts)),
            **{f"columns of {c.table}": dg.MetadataValue.table_schema(_column_schema(c)) for c in contracts}}


def _where(contract: ExtractContract) -> str:
    sheet = contract.schema.metadata.get("sheet")
    return f"`{contract.file_pattern}`" + (f", sheet «{sheet}»" if sheet else "")


def _file_patterns(contracts: list[ExtractContract]) -> dict:
    patterns = list(dict.fromkeys(c.file_pattern for c in contracts))
    return {"file_pattern": patterns[0]} if len(patterns) == 1 else {"file_patterns": patterns}


def _vocabularies(contract: ExtractContract, project: ProjectConfig, config: MdeConfig) -> dict[str, list[str]]:
    """The configured names of the labels the contract matches (column metadata `vocabulary`)."""
    if not any(contract.vocabulary(c) for c in contract.schema.columns):
        return {}
    return {"sites": [s.name for s in config.sites], "social_networks": list(config.social_networks),
            "communes": [c.code for c in project.territory().communes]}


def _partition_metadata(reports: list, tables: dict[str, str] | None) -> dict:
    """What one partition's materialization shows: its files and its rows (and, for several extracts, each table's)."""
    files = list(dict.fromkeys(r.file for r in reports))
    metadata = {
        **({"file": files[0]} if len(files) == 1 else {"files": files}),
        "dagster/row_count": sum(r.rows_loaded for r in reports),
        "rows_read": sum(r.rows_read for r in reports),
        "rows_quarantined": sum(r.rows_quarantined for r in reports),
        "ignored_columns": sorted({c for r in reports for c in r.ignored_columns}),
    }
    if tables:  # several extracts: each one's table and rows
        metadata["rows_loaded_by_table"] = {tables[r.source]: r.rows_loaded for r in reports}
    return metadata


def _describe(contracts: list[ExtractContract]) -> str:
    if len(contracts) == 1:
        return f"{contracts[0].schema.description}\n\nFiles: `{contracts[0].file_pattern}` under the extracts folder."
    extracts = "\n".join(f"- `{c.table}` ({_where(c)}): {c.schema.description}" for c in contracts)
    return (f"Source `{contracts[0].source}`: {len(contracts)} extracts, each loaded into its own raw table "
            f"(file patterns under the extracts folder):\n\n{extracts}")


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
    raw = [t for t in tables if t in RAW_TABLES]
    present = warehouse.existing(raw)
    for table in raw:
        if table not in present:
            contract, reshape = RAW_TABLES[table]
            ensure_raw_table(contract, warehouse, "", reshape)  # no row: no key needed
