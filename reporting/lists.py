"""The lists the printed report shows beside its figures: the employment events the Maison de
l'Emploi organised in the year (date, event, commune, exhibitors, participants, interviews) and
the partners' events it took part in, by quarter.

They are records, not figures: read from the staging models of the MDE's registers
(`stg_mde__evenements`, `stg_mde__evenements_externes`: one row per event, latest export kept),
which hold no personal data. An event list the warehouse does not hold (a deployment without the
MDE) is an empty list, and the report leaves it out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

QUARTERS = ("1er trimestre", "2e trimestre", "3e trimestre", "4e trimestre")


@dataclass(frozen=True)
class Event:
    day: dt.date
    name: str
    place: str
    exhibitors: int | None = None
    participants: int | None = None
    interviews: int | None = None


@dataclass(frozen=True)
class ReportLists:
    events: tuple[Event, ...] = ()
    partner_events: tuple[tuple[str, tuple[Event, ...]], ...] = ()  # (« 1er trimestre 2025 », events)


def _rows(warehouse, table: str, columns: str, year: int) -> list:
    if not warehouse.table_exists(table):  # this deployment has no MDE registers
        return []
    sql = (f"select {columns} from {table} where date_evenement between :start and :end "
           "order by date_evenement, evenement")
    return list(warehouse.read_sql(sql, {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}).itertuples(index=False))


def _int(value) -> int | None:
    return None if value is None or value != value else int(value)  # NaN != NaN


def report_lists(warehouse, year: int) -> ReportLists:
    events = tuple(
        Event(_day(r.date_evenement), str(r.evenement), str(r.lieu or ""), _int(r.exposants), _int(r.participants),
              _int(r.entretiens))
        for r in _rows(warehouse, "stg_mde__evenements",
                       "date_evenement, evenement, lieu, exposants, participants, entretiens", year))
    partner = [Event(_day(r.date_evenement), str(r.evenement), str(r.lieu or ""))
               for r in _rows(warehouse, "stg_mde__evenements_externes", "date_evenement, evenement, lieu", year)]
    by_quarter = tuple((f"{label} {year}", tuple(e for e in partner if (e.day.month - 1) // 3 == q))
                       for q, label in enumerate(QUARTERS))
    return ReportLists(events, tuple((label, items) for label, items in by_quarter if items))


def _day(value) -> dt.date:
    return value.date() if hasattr(value, "date") and callable(value.date) else dt.date.fromisoformat(str(value)[:10])
