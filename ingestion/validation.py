"""Lazy validation of one chunk: every failure at once, each named by line, column and rule.

Two passes: typing (ingestion.parsing) then the pandera schema, lazily. A row with any failure
goes to quarantine with all its reasons; the others go on, typed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from ingestion.contract import ExtractContract
from ingestion.parsing import parse_column

MASK = "***"
QUARANTINE_COLUMNS = ["line", "column", "rule", "reason", "value"]


@dataclass
class ValidatedChunk:
    good: pd.DataFrame  # typed rows that passed every rule, with their `source_line`
    failures: pd.DataFrame  # one row per failure: line, column, rule, reason, value (masked if personal)


def validate_chunk(contract: ExtractContract, text: pd.DataFrame, first_line: int) -> ValidatedChunk:
    lines = pd.Series(range(first_line, first_line + len(text)), index=text.index)
    typed = pd.DataFrame(index=text.index)
    failures: list[pd.DataFrame] = []
    for column in text.columns:
        kind = contract.kind_of(column)
        values, failed = parse_column(text[column], kind)
        typed[column] = values
        if failed.any():
            failures.append(
                pd.DataFrame(
                    {
                        "index": text.index[failed],
                        "column": column,
                        "rule": f"type:{kind}",
                        "value": text.loc[failed, column].astype(str),
                        "reason": _type_reason(kind),
                    }
                )
            )
    type_failed = set().union(*(set(f["index"]) for f in failures)) if failures else set()
    candidates = typed.drop(index=list(type_failed))
    failures.append(_schema_failures(contract, candidates))
    failed = pd.concat(failures, ignore_index=True) if failures else pd.DataFrame()
    bad_index = set(failed["index"]) if len(failed) else set()
    good = typed.drop(index=list(bad_index))
    if len(good):
        good = contract.schema.validate(good, lazy=True)
    good = good.assign(source_line=lines.loc[good.index].astype("int64"))
    return ValidatedChunk(good.reset_index(drop=True), _describe(contract, failed, lines))


def _schema_failures(contract: ExtractContract, frame: pd.DataFrame) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["index", "column", "rule", "value", "reason"])
    if frame.empty:
        return empty
    try:
        contract.schema.validate(frame, lazy=True)
        return empty
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    row_level = cases[cases["index"].notna()]
    frame_level = cases[cases["index"].isna()]
    if len(frame_level):  # a rule about the whole frame, not a row: name it, blame no row silently
        raise ValueError(f"{contract.name}: frame-level rule failed: {frame_level[['column', 'check']].to_dict('records')}")
    return pd.DataFrame(
        {
            "index": row_level["index"].astype(int).to_numpy(),
            "column": row_level["column"].astype(str).to_numpy(),
            "rule": row_level["check"].astype(str).to_numpy(),
            "value": row_level["failure_case"].astype(str).to_numpy(),
            "reason": [_rule_reason(str(c)) for c in row_level["check"]],
        }
    )


def _describe(contract: ExtractContract, failed: pd.DataFrame, lines: pd.Series) -> pd.DataFrame:
    if failed.empty:
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    out = failed.copy()
    out["line"] = lines.loc[out["index"]].to_numpy()
    personal = out["column"].map(lambda c: contract.personal(c) is not None)
    out.loc[personal, "value"] = MASK
    out = out.sort_values(["line", "column", "rule"], kind="stable")
    return out[QUARANTINE_COLUMNS].reset_index(drop=True)


def _type_reason(kind: str) -> str:
    return {
        "date": "not a date (expected dd/mm/yyyy)",
        "int": "not a whole number",
        "float": "not a number (decimal comma or point)",
    }[kind]


def _rule_reason(check: str) -> str:
    if check == "not_nullable":
        return "required value is missing"
    if check.startswith("isin"):
        return "value not in the allowed list " + check[len("isin") :]
    if check.startswith("str_matches"):
        return "value does not match the pattern " + check[len("str_matches") :]
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "duplicate value where values must be unique"
    if check.startswith(("in_range", "greater_than", "less_than", "ge", "le")):
        return "value out of range: " + check
    return f"fails rule {check}"
