"""The indicators workbook of a report year, for people: `indicateurs-<year>.xlsx`.

One sheet per domain, in the report's order (territoire, PLIE, Mission Locale, Maison de l'Emploi,
communication), then the dictionary of indicators. A domain's sheet opens with the state of the
year's data (complete, or what is missing or set aside; provisional for a year in progress), then
one row per indicator in the order the report prints them: its section and its short label in
columns of their own (the nearest heading: the sheet is its domain), its commune and unit, one column per report year that has data for the
domain, and the evolution of the last year against the one before, computed from the figures as
displayed: in points for shares (59,6 % → 49,5 % is « -10,1 pt »), in percent for the others.

Numbers are stored as numbers, with French formats (Excel and LibreOffice show `27 572`, `9,6 %`,
`2 135 533,46 €`, the formats carrying the French locale): shares are stored as fractions formatted
as percentages. Every sheet prints landscape, fitted to the page's width, its header row repeated.

A « Révisions » sheet lists the published figures of the year that later exports revised (none
before a publication: the figures are provisional; quality/publication.py).

One function per sheet (`_domain_sheet`, `_revisions_sheet`, `_dictionary_sheet`): a new sheet is a
new function called from `workbook`.

Belongs here: laying the table out in a workbook. Not here: the figures (`indicators`), what each
indicator is called (reporting/dictionary.py), the data's state (quality/data_state.py).
"""
from __future__ import annotations

from io import BytesIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting.dictionary import DEFAULT_DECIMALS, DOMAINS_FR, UNITS_FR, Entry, rounded

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WARNING_FONT = Font(bold=True, color="9C0006")
OK_FONT = Font(bold=True, color="1A7F37")
FRENCH = "[$-40C]"  # the format's locale: decimal comma and spaced thousands whatever the reader's settings
NBSP = "\u00a0"
SUFFIXES = {"pct": f'"{NBSP}"%', "eur": f'"{NBSP}€"'}  # « 9,6 % », « 1 234,50 € »
PERCENT_CHANGE = f'{FRENCH}+0.0"{NBSP}"%;-0.0"{NBSP}"%;0.0"{NBSP}"%'
DICTIONARY_SHEET = "Dictionnaire"
REVISIONS_SHEET = "Révisions"
NOT_PRINTED = "(hors rapport)"  # the section of a figure the report does not print


def number_format(unit: str, decimals: int) -> str:
    """The cell format showing a figure as the report prints it: `27 572`, `9,6 %`, `1 234,50 €`."""
    return FRENCH + _digits(decimals) + SUFFIXES.get(unit, "")


def points_format(decimals: int) -> str:
    """An evolution in percentage points, signed, with the share's decimals: « -10,1 pt »."""
    digits = _digits(decimals)
    return f'{FRENCH}+{digits}" pt";-{digits}" pt";{digits}" pt"'


def _digits(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def stored(value: float | None, unit: str) -> float | None:
    """The number as the cell stores it: shares as fractions (the cell's format shows percent)."""
    if value is None or pd.isna(value):
        return None
    return float(value) / 100 if unit == "pct" else float(value)


def evolution(current, previous, unit: str, decimals: int) -> float | None:
    """The last year against the one before, from the figures as displayed (rounded as printed):
    for a share, the difference in points; for anything else, the change in percent (a fraction)."""
    now, before = rounded(current, decimals), rounded(previous, decimals)
    if now is None or before is None:
        return None
    if unit == "pct":
        return float(now - before)
    return None if before == 0 else float((now - before) / before)


def workbook(indicators: pd.DataFrame, year: int, described: dict[str, Entry], state=None,
             year_to_date: bool = False) -> bytes:
    """`indicators`: report_year, indicator_id, value, unit, domain for the years up to `year`;
    `described`: the year's indicators as the report names them (reporting/dictionary.py);
    `state`: the year's data state (quality.data_state.DataState), said on every sheet."""
    book = Workbook()
    book.remove(book.active)
    indicators = indicators[indicators["report_year"] <= year]
    domains = [d for d in DOMAINS_FR if d in set(indicators["domain"])]
    domains += sorted(set(indicators["domain"]) - set(domains))
    for domain in domains:
        _domain_sheet(book, domain, indicators[indicators["domain"] == domain], year, described, state, year_to_date)
    if state is not None:
        _revisions_sheet(book, state, described)
    _dictionary_sheet(book, described, indicators[indicators["report_year"] == year])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def state_lines(state, domain: str, year: int, year_to_date: bool) -> list[tuple[str, Font | None]]:
    """What a sheet says first about its data: complete or not (and why), provisional or not."""
    lines: list[tuple[str, Font | None]] = []
    if state is not None:
        issues = state.issues_fr(domain)
        if issues:
            lines.append((f"Données {year} incomplètes : " + " ; ".join(issues), WARNING_FONT))
        else:
            lines.append((f"Données {year} complètes", OK_FONT))
    if year_to_date:
        lines.append((f"Année {year} en cours : chiffres provisoires, à date, susceptibles d'évoluer", WARNING_FONT))
    if state is not None:  # provisional until published; published figures revised since (sheet « Révisions »)
        lines.append((state.publication_fr(), OK_FONT if state.publication is not None and not state.revisions else WARNING_FONT))
    return lines


def _domain_sheet(book: Workbook, domain: str, rows: pd.DataFrame, year: int, described: dict[str, Entry], state,
                  year_to_date: bool) -> None:
    """One domain's indicators, every year with data side by side, in the report's order."""
    sheet = book.create_sheet(DOMAINS_FR.get(domain, domain)[:31])
    years = sorted(int(y) for y in rows.loc[rows["value"].notna(), "report_year"].unique())
    wide = rows.pivot_table(index="indicator_id", columns="report_year", values="value", aggfunc="first", dropna=False)
    units = rows.sort_values("report_year").groupby("indicator_id")["unit"].last()  # the latest year's
    with_evolution = year in years and year - 1 in years
    title = f"{DOMAINS_FR.get(domain, domain)} : indicateurs " + (f"{years[0]} à {years[-1]}" if len(years) > 1 else str(year))
    sheet.append([title])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for text, font in state_lines(state, domain, year, year_to_date):
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = font or Font()
    sheet.append([])
    header = ["Section", "Indicateur", "Commune", "Unité", *map(str, years)]
    header += [f"Évolution {year}/{year - 1}"] if with_evolution else []
    header += ["Identifiant", "Sources"]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def order(indicator_id: str) -> tuple:
        entry = described.get(indicator_id)
        return entry.order if entry and entry.order else (float("inf"), 3, indicator_id)  # earlier years' only: last

    for indicator_id in sorted(wide.index, key=order):
        values, unit = wide.loc[indicator_id], units[indicator_id]
        entry = described.get(indicator_id)  # None: an indicator of earlier years only
        decimals = entry.decimals if entry else DEFAULT_DECIMALS.get(unit, 2)
        cells = [values.get(y) for y in years]
        line = [entry.section.rpartition(" › ")[2] or NOT_PRINTED if entry else NOT_PRINTED, (entry.short_label or entry.label) if entry else indicator_id,
                entry.commune if entry else "", UNITS_FR.get(unit, unit), *[stored(v, unit) for v in cells]]
        if with_evolution:  # an evolution's own evolution says nothing: left empty
            line.append(None if indicator_id.endswith(".evol_pct") else
                        evolution(values.get(year), values.get(year - 1), unit, decimals))
        sheet.append([*line, indicator_id, entry.sources if entry else ""])
        last = sheet.max_row
        for column in range(5, 5 + len(years)):
            sheet.cell(last, column).number_format = number_format(unit, decimals)
        if with_evolution:
            sheet.cell(last, 5 + len(years)).number_format = points_format(decimals) if unit == "pct" else PERCENT_CHANGE
        for column in (1, 2, len(line) + 1, len(line) + 2):  # section, label, id and sources wrap
            sheet.cell(last, column).alignment = Alignment(wrap_text=True, vertical="top")
    widths = [20, 40, 13, 7, *[9.5] * len(years), *([11] if with_evolution else []), 24, 22]  # narrow: fits a landscape page
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 5)
    _print_setup(sheet, header_row)


def _revisions_sheet(book: Workbook, state, described: dict[str, Entry]) -> None:
    """The published figures of the year that later exports revised: section and words, id,
    period, published and current values (formatted as the report prints them), and the month of
    the export that changed it; the figures' status (provisional, published) above."""
    sheet = book.create_sheet(REVISIONS_SHEET)
    sheet.append([f"Révisions des chiffres publiés de {state.year}"])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append([state.publication_fr()])
    sheet.cell(2, 1).font = OK_FONT if state.publication is not None and not state.revisions else WARNING_FONT
    sheet.append([])
    sheet.append(["Section", "Indicateur", "Identifiant", "Période", "Valeur publiée", "Valeur actuelle",
                  "Mois de l'export qui l'a modifiée"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for revision in state.revisions:
        entry = described.get(revision.indicator_id)
        unit = revision.unit
        decimals = entry.decimals if entry else DEFAULT_DECIMALS
        sheet.append([entry.section if entry else NOT_PRINTED, (entry.short_label or entry.label) if entry else revision.indicator_id,
                      revision.indicator_id, revision.period or "",
                      stored(revision.published, unit), stored(revision.current, unit), revision.export or ""])
        for column in (5, 6):
            sheet.cell(sheet.max_row, column).number_format = number_format(unit, decimals)
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate([26, 48, 34, 24, 14, 14, 16], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    _print_setup(sheet, header_row)


def _dictionary_sheet(book: Workbook, described: dict[str, Entry], current: pd.DataFrame) -> None:
    """The dictionary of indicators: for each indicator of the year, in the report's order, its
    French words, where the report prints it, its unit, sources, and the SQL model computing it
    with that model's definition."""
    sheet = book.create_sheet(DICTIONARY_SHEET)
    sheet.append(["Dictionnaire des indicateurs"])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append(["Libellés : les mots du rapport ; définition du calcul : l'en-tête du modèle SQL qui le calcule "
                  "(en anglais, comme dans l'annexe du rapport)."])
    sheet.append([])
    header = ["Identifiant", "Domaine", "Section", "Libellé", "Commune", "Unité", "Décimales", "Imprimé dans le rapport",
              "Sources", "Modèle SQL", "Définition du calcul"]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    domains = dict(zip(current["indicator_id"], current["domain"]))
    rank = {d: i for i, d in enumerate(DOMAINS_FR)}
    for indicator_id in sorted(described, key=lambda i: (rank.get(domains.get(i), len(rank)), described[i].order or (0, 0, i))):
        entry = described[indicator_id]
        domain = domains.get(indicator_id, "")
        sheet.append([indicator_id, DOMAINS_FR.get(domain, domain), entry.section, entry.label, entry.commune, entry.unit,
                      entry.decimals, "oui" if entry.in_report else "non", entry.sources, entry.model, entry.definition])
        for column in (3, 4, 11):
            sheet.cell(sheet.max_row, column).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate([34, 14, 26, 48, 16, 8, 9, 10, 28, 30, 80], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 2)
    _print_setup(sheet, header_row)


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """Landscape A4, as wide as the page (as many pages down as it takes), the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "&A — page &P / &N"
