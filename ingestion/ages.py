"""Ages a source's people can have: a birth date giving an age outside the source's range at the
record's date is quarantined (rule AGE_RULE), never counted in an age share.

A contract says which birth date and which date of the record make an age (schema metadata
`age`: `{"birth": "date_naissance", "at": "date_entree"}`); the range, per source, is configuration
(`ages` in `config/plausibility.yaml`, e.g. `plie: [16, 70]`). Both validation paths apply it: pandas
here (`age_outside_range`), DuckDB through `age_sql` (`ingestion.sql_validation`), the same verdict
in whole years (the year's difference, one less before the birthday).
"""
from __future__ import annotations

import pandas as pd

from ingestion.contract import ExtractContract

AGE_RULE = "age_out_of_range"


def age_bounds(contract: ExtractContract, ages: dict | None) -> tuple[str, str, int, int] | None:
    """(birth column, date column, youngest, oldest) when the contract and the configuration say so."""
    spec = (contract.schema.metadata or {}).get("age")
    bounds = (ages or {}).get(contract.source)
    if not spec or not bounds:
        return None
    return spec["birth"], spec["at"], int(bounds[0]), int(bounds[1])


def age_reason(contract: ExtractContract, ages: dict | None) -> str:
    birth, at, low, high = age_bounds(contract, ages)
    return (f"{birth} gives an age outside {low}-{high} at {at} (ages in config/plausibility.yaml): "
            "a typing error in the birth date or the record's date? Fix the file and drop it again")


def age_outside_range(contract: ExtractContract, typed: pd.DataFrame, ages: dict | None) -> pd.Series:
    """Rows of a typed batch whose age is outside the source's range (False where a date is missing)."""
    bounds = age_bounds(contract, ages)
    if bounds is None or bounds[0] not in typed or bounds[1] not in typed:
        return pd.Series(False, index=typed.index)
    birth, at, low, high = pd.to_datetime(typed[bounds[0]]), pd.to_datetime(typed[bounds[1]]), bounds[2], bounds[3]
    before_birthday = (at.dt.month * 100 + at.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    age = at.dt.year - birth.dt.year - before_birthday.astype(int)
    return (birth.notna() & at.notna() & ((age < low) | (age > high))).fillna(False).astype(bool)


def age_sql(contract: ExtractContract, ages: dict | None, quote) -> str | None:
    """The same verdict as a SQL condition on the typed row, true where the row fails."""
    bounds = age_bounds(contract, ages)
    if bounds is None:
        return None
    birth, at, low, high = quote(bounds[0]), quote(bounds[1]), bounds[2], bounds[3]
    age = (f"(year({at}) - year({birth}) - case when month({at}) * 100 + day({at}) "
           f"< month({birth}) * 100 + day({birth}) then 1 else 0 end)")
    return f"{birth} is not null and {at} is not null and ({age} < {low} or {age} > {high})"
