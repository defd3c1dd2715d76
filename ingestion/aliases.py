"""An association's own words for the contracts' neutral ones, translated at ingestion, before validation.

The contracts name no association's scheme (`schemas/`): a workbook column is `Sur le territoire`,
a creation action `Concours de créateurs`. An association's files may say otherwise (its workbooks
made before, its exports): its configuration maps its header labels to contract columns and its
values to contract values, per extract (`aliases:` of the MDE settings file, read by the caller).
Labels and values are compared as `ingestion.workbook.normalise` writes them (case, accents,
punctuation, spaces). A value matching no alias is left as it is: the contract judges it.

Belongs here: the map and its translation. Not here: the configured names a label is matched to
(`vocabularies`, `ingestion.validation.match_labels`), any association's words (configuration).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ingestion.contract import ExtractContract
from ingestion.workbook import normalise


@dataclass(frozen=True)
class Aliases:
    columns: tuple[tuple[str, str], ...] = ()  # (normalised header label, contract column)
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # (column, ((normalised value, contract value), ...))

    @classmethod
    def for_contract(cls, contract: ExtractContract, config: Mapping) -> Aliases | None:
        """`contract`'s aliases from the configured map {extract: {columns: {label: column},
        values: {column: {value: contract value}}}}, None when it has none. An alias naming no
        column of the contract is a configuration error."""
        own = (config or {}).get(contract.name) or {}
        if not isinstance(own, Mapping) or set(own) - {"columns", "values"}:
            raise ValueError(f"aliases of {contract.name}: expected `columns:` and/or `values:` maps")
        columns = {normalise(label): str(column) for label, column in (own.get("columns") or {}).items()}
        values = {str(column): {normalise(v): str(neutral) for v, neutral in (words or {}).items()}
                  for column, words in (own.get("values") or {}).items()}
        unknown = sorted({c for c in [*columns.values(), *values] if c not in contract.schema.columns})
        if unknown:
            raise ValueError(f"aliases of {contract.name}: no column {', '.join(unknown)} in its contract "
                             f"(columns: {', '.join(contract.schema.columns)})")
        if not columns and not values:
            return None
        return cls(tuple(columns.items()), tuple((c, tuple(m.items())) for c, m in values.items()))

    def column(self, label: str) -> str | None:
        """The contract column a header label is an alias of, or None."""
        return dict(self.columns).get(normalise(label))

    def translate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` (the extract's columns as text) with aliased values replaced by the contract's."""
        frame = frame.copy()
        for column, words in self.values:
            if column in frame.columns:
                neutral = dict(words)
                frame[column] = frame[column].map(lambda v: neutral.get(normalise(v), v) if isinstance(v, str) and v else v)
        return frame
