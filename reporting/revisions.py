"""The revisions of a published year, as the workbook and the open-data release show them.

A year's figures are provisional until the association publishes them (`quality.publication`);
after that, each figure whose current value differs from the published one is a revision. The
report's and the dashboard's first page list them through the data's state
(`reporting/templates/data_state.html.j2`); here: the workbook's « Révisions » sheet and the
open-data release's `revisions.csv`.

Belongs here: the table of revisions in French and its two renderings. Not here: what a revision
is (`quality.publication`).
"""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from quality.data_state import DataState

SHEET = "Révisions"
COLUMNS = ["Indicateur", "Libellé", "Période", "Valeur publiée", "Valeur actuelle", "Mois de l’export qui l’a modifiée"]
CSV_COLUMNS = ["indicateur", "libelle", "periode", "valeur_publiee", "valeur_actuelle", "export"]


def revisions_frame(state: DataState, labels: dict[str, str]) -> pd.DataFrame:
    """One row per revised figure: id, French label, period, published and current values (numbers), export month."""
    rows = [[r.indicator_id, labels.get(r.indicator_id, ""), r.period or "",
             None if r.published is None else float(r.published), None if r.current is None else float(r.current),
             r.export or ""] for r in state.revisions]
    return pd.DataFrame(rows, columns=COLUMNS)


def status_line(state: DataState) -> str:
    """The year's status in one French sentence (provisional, published, revised)."""
    return state.publication_fr()


def with_revisions_sheet(xlsx: bytes, state: DataState, labels: dict[str, str]) -> bytes:
    """The workbook with a « Révisions » sheet: the figures' status, then the revised figures."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    if SHEET in book.sheetnames:
        del book[SHEET]
    sheet = book.create_sheet(SHEET)
    sheet["A1"] = f"Révisions des chiffres de {state.year}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = status_line(state)
    frame = revisions_frame(state, labels)
    sheet.append([])
    sheet.append(COLUMNS)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
        for column in (4, 5):
            sheet.cell(sheet.max_row, column).number_format = "# ##0.0##"
    if frame.empty:
        sheet.append(["Aucune révision : " + ("les chiffres ne sont pas encore publiés." if state.publication is None
                                              else "aucun chiffre publié n’a changé.")])
    for index, width in enumerate([34, 60, 22, 16, 16, 22], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def revisions_csv(state: DataState, labels: dict[str, str], hidden: set[str] = frozenset()) -> str:
    """The open-data release's `revisions.csv` (`,`, UTF-8, decimal point): empty but for its header
    before any revision. The values of `hidden` figures (masked in the release: small counts) are
    left empty, published and current alike."""
    frame = revisions_frame(state, labels)
    frame.columns = CSV_COLUMNS
    masked = frame["indicateur"].isin(hidden)
    frame["valeur_publiee"] = frame["valeur_publiee"].astype(object).where(~masked, None)
    frame["valeur_actuelle"] = frame["valeur_actuelle"].astype(object).where(~masked, None)
    return frame.to_csv(index=False, lineterminator="\n")


def version(state: DataState) -> str:
    """The release's version: `<year>.<publication version>`, or `<year>.0-provisoire` before any."""
    if state.publication is None:
        return f"{state.year}.0-provisoire"
    return f"{state.year}.{state.publication.version}" + ("-revise" if state.revisions else "")
