"""The rules the indicators must satisfy, as configuration: adding a rule is adding a line here.

- `PCT_RANGE`: a percentage (`unit = 'pct'`) lies between 0 and 100, except evolutions
  (`….evol_pct`), which may be negative or above 100.
- `SUM_RULES`: parts that must add up to their total within each report year. `parts` is a regular
  expression matched against the whole `indicator_id`. A rule is skipped for a year where its total
  or all of its parts are absent (a domain not ingested yet, a year before the source existed).
- `YEAR_OVER_YEAR`: a count that moves by more than `max_change_pct` percent from one report year to
  the next is suspicious: a warning, never blocking (a real change happens; a duplicated extract
  too). Counts below `min_previous` are left out: 2 → 4 is +100 % and means nothing.

Severity: breaking the first two is an ERROR that blocks the reports; the third is a WARN.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PctRange:
    minimum: float = 0.0
    maximum: float = 100.0
    exclude: str = r".*\.evol_pct"  # regular expression on indicator_id, whole-id match


@dataclass(frozen=True)
class SumRule:
    name: str  # short identifier, shown in the report, the check metadata and the history
    total: str  # indicator_id of the total
    parts: str  # regular expression on indicator_id (whole-id match) selecting the parts
    tolerance: float = 0.5  # counts are whole numbers: a difference under one is rounding
    explain: str | None = None  # SQL listing the source rows behind a failure (file, line, ...), if any


@dataclass(frozen=True)
class YearOverYear:
    max_change_pct: float = 50.0
    min_previous: float = 30.0
    units: tuple[str, ...] = ("count",)
    years: int = 1  # how many of the latest report years are compared with the year before


PCT_RANGE = PctRange()

COMMUNE = r"\d[0-9AB]\d{3}"  # an INSEE commune code (Corsica: 2A, 2B)

# PLIE records of people living outside the communes served: what breaks the commune sums.
_OUTSIDE = ("select source_file as file, source_line as line, code_commune from {table} "
            "where code_commune not in (select code_commune from ref_territory__communes where in_territory) "
            "order by source_file, source_line")

SUM_RULES: list[SumRule] = [
    # Commune-level counts add up to the territory total.
    SumRule("territoire_population_communes", "territoire.population.total", rf"territoire\.population\.{COMMUNE}"),
    SumRule("plie_participants_communes", "plie.participants.total", rf"plie\.participants\.commune\.{COMMUNE}",
            explain=_OUTSIDE.format(table="stg_plie__participants")),
    SumRule("plie_entrees_communes", "plie.entrees.total", rf"plie\.entrees\.commune\.{COMMUNE}",
            explain=_OUTSIDE.format(table="stg_plie__participants")),
    SumRule("plie_sorties_positives_communes", "plie.sorties.positives", rf"plie\.sorties\.positives\.commune\.{COMMUNE}"),
    # Sub-categories add up to their category.
    SumRule("plie_entrees_sexe", "plie.entrees.total", r"plie\.entrees\.(hommes|femmes)"),
    SumRule("plie_participants_sexe", "plie.participants.total", r"plie\.participants\.(hommes|femmes)"),
    SumRule("plie_sorties_positives_autres", "plie.sorties.total", r"plie\.sorties\.(positives|autres)"),
]

YEAR_OVER_YEAR = YearOverYear()
