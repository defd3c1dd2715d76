"""Lazy validation of a batch of rows: every failure at once, each named by file, line, column, rule.

Two passes: typing (ingestion.parsing) then the pandera schema, lazily. A row with any failure
goes to quarantine with all its reasons; the others go on, typed. The batch's bookkeeping columns
(`META_COLUMNS`: partition, file, line) travel with each row untouched.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from ingestion.ages import AGE_RULE, age_outside_range, age_reason
from ingestion.contract import ExtractContract
from ingestion.disclosure import MASK, shown
from ingestion.parsing import parse_column
from ingestion.plausibility import DATE_AFTER_RULE, DATE_BEFORE_RULE, PlausibilityRules, implausible_dates
from ingestion.scrub import PERSONAL_IN_TEXT_REASON, PERSONAL_IN_TEXT_RULE, holds_contact
from ingestion.workbook import normalise

# A configured list whose misses have a rule of their own (the others: LABEL_RULE).
VOCABULARY_RULES = {"communes": "commune_in_territory"}
VOCABULARY_REASONS = {"communes": "not a commune of the territory served (the territory file, config/territory.yaml): "
                                  "a record from elsewhere, or a mistyped code; fix the file, or the territory"}
META_COLUMNS = ["partition_key", "source_file", "source_line"]
QUARANTINE_COLUMNS = ["partition_key", "file", "line", "column", "rule", "reason", "value"]


@dataclass
class ValidatedBatch:
    good: pd.DataFrame  # typed rows that passed every rule, with the META_COLUMNS
    failures: pd.DataFrame  # one row per failure, QUARANTINE_COLUMNS (value masked: ingestion.disclosure)


LABEL_RULE = "unknown_label"


def validate_batch(contract: ExtractContract, batch: pd.DataFrame, rules: PlausibilityRules | None = None,
                   vocabularies: dict[str, list[str]] | None = None) -> ValidatedBatch:
    """`batch`: the extract's columns as text plus META_COLUMNS, any index. `vocabularies`: the
    configured names of the labels that declare a `vocabulary` (`ingestion.contract`)."""
    rules = rules or PlausibilityRules()
    batch = batch.reset_index(drop=True)
    data_columns = [c for c in batch.columns if c not in META_COLUMNS]
    # The partition travels with the rows so a schema can say "unique within a partition".
    typed = pd.DataFrame({"partition_key": batch["partition_key"]}, index=batch.index)
    failures: list[pd.DataFrame] = []
    for column in data_columns:
        kind = contract.kind_of(column)
        values, failed = parse_column(batch[column], kind, contract.scale_of(column) if kind == "decimal" else None)
        typed[column] = values
        if failed.any():
            failures.append(_failures(batch.index[failed], column, f"type:{kind}", batch.loc[failed, column], type_reason(kind)))
    for column in data_columns:
        if contract.text_kind(column) in ("id", "label"):
            contact = holds_contact(typed[column])
            if contact.any():
                failures.append(_failures(batch.index[contact], column, PERSONAL_IN_TEXT_RULE, batch.loc[contact, column],
                                          PERSONAL_IN_TEXT_REASON))
    for column in data_columns:
        names = (vocabularies or {}).get(contract.vocabulary(column) or "")
        if names is None:
            continue
        matched, unknown = match_labels(typed[column], names)
        typed[column] = matched
        if unknown.any():
            vocabulary = contract.vocabulary(column)
            failures.append(_failures(batch.index[unknown], column, VOCABULARY_RULES.get(vocabulary, LABEL_RULE),
                                      batch.loc[unknown, column], VOCABULARY_REASONS.get(vocabulary, (
                                          f"not one of the names configured for {column} ({', '.join(names)}), even ignoring "
                                          "case, accents and spaces: fix the file, or add the name to the configuration"))))
    implausible_age = age_outside_range(contract, typed, rules.ages)
    if implausible_age.any():
        birth = contract.schema.metadata["age"]["birth"]
        failures.append(_failures(batch.index[implausible_age], birth, AGE_RULE, batch.loc[implausible_age, birth],
                                  age_reason(contract, rules.ages)))
    for rule, outside in zip((DATE_BEFORE_RULE, DATE_AFTER_RULE), implausible_dates(contract, typed, rules)):
        if outside.any():
            column = contract.date_column
            failures.append(_failures(batch.index[outside], column, rule, batch.loc[outside, column],
                                      date_reason(column, rule, rules.first_year(contract.source), rules)))
    # The schema sees every row, a cell that failed typing being empty there, so one pass reports
    # all of a row's problems; the emptiness it causes is not reported twice.
    validated, schema_failures = _schema_pass(contract, typed)
    if failures and len(schema_failures):
        typed_cells = set(zip(pd.concat([f["index"] for f in failures]), pd.concat([f["column"] for f in failures])))
        already = [(i, c) in typed_cells for i, c in zip(schema_failures["index"], schema_failures["column"])]
        schema_failures = schema_failures[~pd.Series(already, index=schema_failures.index)]
    failures.append(schema_failures)
    failed = pd.concat(failures, ignore_index=True)
    if len(failed):  # validate the rows left, to get them typed and coerced
        validated, _ = _schema_pass(contract, typed.drop(index=pd.Index(failed["index"]).unique()))
    meta = batch.loc[validated.index, ["source_file", "source_line"]]
    good = pd.concat([validated, meta], axis=1)
    good["source_line"] = good["source_line"].astype("int64")
    return ValidatedBatch(good.reset_index(drop=True), _describe(contract, failed, batch))


def _failures(index, column: str, rule: str, values: pd.Series, reason: str | list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"index": list(index), "column": column, "rule": rule, "value": [str(v) for v in values], "reason": reason}
    )


def _schema_pass(contract: ExtractContract, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(validated frame, failures); failures empty when every row passes."""
    empty = pd.DataFrame(columns=["index", "column", "rule", "value", "reason"])
    if frame.empty:
        return frame, empty
    try:
        return contract.schema.validate(frame, lazy=True), empty
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    frame_level = cases[cases["index"].isna()]
    if len(frame_level):  # a rule about the whole frame, not a row: say so rather than blame no row
        rules = frame_level[["column", "check"]].astype(str).to_dict("records")
        raise ValueError(f"{contract.name}: rules failed on the whole file, not on rows: {rules}")
    row_checks = cases[cases["schema_context"] == "DataFrameSchema"]
    column_checks = cases[cases["schema_context"] != "DataFrameSchema"]
    failures = pd.DataFrame(
        {
            "index": column_checks["index"].astype(int).to_numpy(),
            "column": column_checks["column"].astype(str).to_numpy(),
            "rule": column_checks["check"].astype(str).to_numpy(),
            "value": column_checks["failure_case"].astype(str).to_numpy(),
            "reason": [rule_reason(str(c)) for c in column_checks["check"]],
        }
    )
    failures = pd.concat([failures, _row_check_failures(contract, row_checks, frame)], ignore_index=True)
    return frame.iloc[:0], failures


def _row_check_failures(contract: ExtractContract, cases: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """One failure per row and schema-level check (pandera reports one per column of the row),
    naming the columns the check declares in `statistics={"columns": [...]}`."""
    out = []
    checks = {check.name: check for check in contract.schema.checks}
    for (index, rule), _ in cases.groupby(["index", "check"], sort=True):
        check = checks.get(rule)
        columns = list((check.statistics or {}).get("columns", [])) if check is not None else []
        values = [MASK if contract.personal(c) else str(frame.at[int(index), c]) for c in columns]
        reason = (check.description if check is not None and check.description else f"fails rule {rule}")
        out.append({"index": int(index), "column": ", ".join(columns) or None, "rule": str(rule),
                    "value": ", ".join(values) or None, "reason": reason})
    return pd.DataFrame(out, columns=["index", "column", "rule", "value", "reason"])


def _describe(contract: ExtractContract, failed: pd.DataFrame, batch: pd.DataFrame) -> pd.DataFrame:
    if failed.empty:
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    out = failed.copy()
    meta = batch.loc[out["index"], META_COLUMNS].reset_index(drop=True)
    out["partition_key"] = meta["partition_key"].to_numpy()
    out["file"] = meta["source_file"].to_numpy()
    out["line"] = meta["source_line"].astype("int64").to_numpy()
    out["value"] = masked(contract, out["column"], out["value"], out["partition_key"])
    out = out.sort_values(["file", "line", "column", "rule"], kind="stable")
    return out[QUARANTINE_COLUMNS].reset_index(drop=True)


def date_reason(column: str, rule: str, first_year: int, rules: PlausibilityRules) -> str:
    if rule == DATE_BEFORE_RULE:
        return (f"{column} is before {first_year}, the source's first year (source_first_year in "
                "config/plausibility.yaml): a mistyped year?")
    return (f"{column} is after the end of the export's month (tolerance {rules.date_tolerance_days} days): "
            "an export cannot hold a record dated after it was made; a mistyped year, or a file named with the wrong month?")


def match_labels(values: pd.Series, names: list[str]) -> tuple[pd.Series, pd.Series]:
    """(values spelled as configured, mask of present values matching no configured name), names
    compared as `ingestion.workbook.normalise` writes them (case, accents, punctuation, spaces)."""
    canonical = {normalise(name): name for name in names}
    matched = values.map(lambda v: canonical.get(normalise(v)) if isinstance(v, str) else None)
    return matched.where(matched.notna(), None), values.notna() & matched.isna()


def masked(contract: ExtractContract, columns: pd.Series, values: pd.Series, partitions: pd.Series) -> list:
    """Each value as a quarantine row may show it (`ingestion.disclosure`), judged once per distinct case."""
    cache: dict[tuple, str | None] = {}
    out = []
    for column, value, partition in zip(columns, values, partitions):
        value = None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        column = column if isinstance(column, str) else None
        case = (column, value, str(partition)[:4])
        if case not in cache:
            cache[case] = shown(contract, column, value, str(partition))
        out.append(cache[case])
    return out


def type_reason(kind: str) -> str:
    return {
        "date": "not a date (expected dd/mm/yyyy)",
        "int": "not a whole number",
        "float": "not a number (decimal comma or point)",
        "decimal": "not an exact amount (decimal comma or point, no more decimals than the column holds)",
    }[kind]


def rule_reason(check: str) -> str:
    if check == "not_nullable":
        return "required value is missing"
    if check.startswith("isin"):
        return "value not in the allowed list " + check[len("isin") :]
    if check.startswith("str_matches"):
        return "value does not match the pattern " + check[len("str_matches") :]
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "duplicate value where values must be unique"
    if check.startswith(("in_range", "greater_than", "less_than")):
        return "value out of range: " + check
    return f"fails rule {check}"
