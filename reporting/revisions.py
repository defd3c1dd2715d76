"""The revisions of a published year, as the open-data release shows them.

A year's figures are provisional until the association publishes them (`quality.publication`);
after that, each figure whose current value differs from the published one is a revision. The
report's and the dashboard's first page list them through the data's state
(`reporting/templates/data_state.html.j2`), the workbook in its « Révisions » sheet
(`reporting/workbook.py`); here: the open-data release's `revisions.csv` and its version.

Belongs here: the release's table of revisions. Not here: what a revision is (`quality.publication`).
"""
from __future__ import annotations

import pandas as pd

from quality.data_state import DataState

COLUMNS = ["indicateur", "libelle", "periode", "valeur_publiee", "valeur_actuelle", "export"]


def revisions_csv(state: DataState, labels: dict[str, str], hidden: set[str] = frozenset()) -> str:
    """The open-data release's `revisions.csv` (`,`, UTF-8, decimal point): empty but for its header
    before any revision. The values of `hidden` figures (masked in the release: small counts) are
    left empty, published and current alike."""
    frame = pd.DataFrame([[r.indicator_id, labels.get(r.indicator_id, ""), r.period or "",
                           None if r.published is None else float(r.published), None if r.current is None else float(r.current),
                           r.export or ""] for r in state.revisions], columns=COLUMNS)
    masked = frame["indicateur"].isin(hidden)
    frame["valeur_publiee"] = frame["valeur_publiee"].astype(object).where(~masked, None)
    frame["valeur_actuelle"] = frame["valeur_actuelle"].astype(object).where(~masked, None)
    return frame.to_csv(index=False, lineterminator="\n")


def version(state: DataState) -> str:
    """The release's version: `<year>.<publication version>`, or `<year>.0-provisoire` before any."""
    if state.publication is None:
        return f"{state.year}.0-provisoire"
    return f"{state.year}.{state.publication.version}" + ("-revise" if state.revisions else "")
