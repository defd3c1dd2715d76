"""Writing the MDE's monthly tracking workbook the way its staff keep it: one sheet per register,
a merged title row, a blank row, the header (on the events sheet, two rows with a group label
merged over three columns), the month's records, a few blank rows between them, some dates typed
as text, hours typed with a decimal comma, an extra comments column and a totals row with SUM
formulas at the bottom of the sheets that add numbers up. `ingestion.workbook` reads all of it."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sample_data.formats import french_date

TITLE = Font(bold=True, size=13)
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")


class Layout:
    """One register's sheet: its name, (header label, field) columns, and how staff fill it."""

    def __init__(self, sheet: str, title: str, columns: list[tuple[str, str | None]], *, totals: tuple[str, ...] = (),
                 group: tuple[str, int, int] | None = None, text_dates_every: int = 0, comma_every: int = 0,
                 blank_every: int = 0):
        self.sheet, self.title, self.columns = sheet, title, columns
        self.totals = totals  # fields summed in the totals row
        self.group = group  # (label, first column, last column), 1-based: a merged label above them
        self.text_dates_every = text_dates_every  # every n-th row's dates typed as text
        self.comma_every = comma_every  # every n-th row's decimals typed as text with a comma
        self.blank_every = blank_every  # a blank row after every n records


LAYOUTS = {
    "mde__evenements": Layout(
        "Événements", "Événements emploi organisés par la MDE",
        [("Date événement", "date_evenement"), ("Événement", "evenement"), ("Type événement", "type_evenement"),
         ("Lieu", "lieu"), ("Exposants", "exposants"), ("Participants", "participants"), ("Entretiens", "entretiens"),
         ("Commentaire", None)],
        totals=("exposants", "participants", "entretiens"), group=("Fréquentation", 5, 7)),
    "mde__evenements_externes": Layout(
        "Événements externes", "Participation de la MDE à des événements emploi",
        [("Date événement", "date_evenement"), ("Événement", "evenement"), ("Lieu", "lieu"),
         ("Participation", "participation")]),
    "mde__creation_actions": Layout(
        "Création - actions", "MNO Créa : ateliers et événements",
        [("Date action", "date_action"), ("Action", "action"), ("Type action", "type_action"),
         ("Participants", "participants")], totals=("participants",)),
    "mde__creation_porteurs": Layout(
        "Création - porteurs", "MNO Créa : porteurs de projet accueillis",
        [("Id porteur", "id_porteur"), ("Nom", "nom"), ("Prénom", "prenom"), ("Téléphone", "telephone"),
         ("Date accueil", "date_accueil"), ("Sexe", "sexe"), ("Code commune", "code_commune"), ("Projet", "projet")],
        text_dates_every=5),
    "mde__creation_orientations": Layout(
        "Création - orientations", "MNO Créa : orientations vers les partenaires",
        [("Id porteur", "id_porteur"), ("Date orientation", "date_orientation"), ("Partenaire", "partenaire")]),
    "mde__creation_entreprises": Layout(
        "Création - entreprises", "MNO Créa : entreprises créées",
        [("Id porteur", "id_porteur"), ("Date création", "date_creation"), ("Forme juridique", "forme_juridique"),
         ("Activité", "activite")]),
    "mde__sensibilisations": Layout(
        "Sensibilisations", "Sensibilisation des employeurs",
        [("Date contact", "date_contact"), ("Entreprise", "entreprise"), ("Interlocuteur", "interlocuteur"),
         ("Dispositif", "dispositif")], text_dates_every=9, blank_every=20),
    "mde__alternance": Layout(
        "Alternance", "Contrats en alternance",
        [("Id personne", "id_personne"), ("Nom", "nom"), ("Prénom", "prenom"), ("Entreprise", "entreprise"),
         ("Type contrat", "type_contrat"), ("Date début", "date_debut"), ("Date fin", "date_fin")]),
    "mde__pec": Layout(
        "PEC", "Parcours Emploi Compétences",
        [("Id personne", "id_personne"), ("Nom", "nom"), ("Prénom", "prenom"), ("Employeur", "employeur"),
         ("Date début", "date_debut"), ("Date fin", "date_fin")]),
    "mde__interim": Layout(
        "Intérim", "Contrats d'intérim des personnes suivies",
        [("Id personne", "id_personne"), ("Agence", "agence"), ("Date début", "date_debut"), ("Date fin", "date_fin"),
         ("Poste", "poste")], text_dates_every=7, blank_every=25),
    "mde__recrutements": Layout(
        "Recrutements", "Opérations de recrutement",
        [("Entreprise", "entreprise"), ("Date début", "date_debut"), ("PMSMP", "pmsmp"), ("CDD", "cdd"), ("CDI", "cdi")],
        totals=("pmsmp", "cdd", "cdi")),
    "mde__clauses_operations": Layout(
        "Clauses - opérations", "Clauses d'insertion : opérations suivies",
        [("Id opération", "id_operation"), ("Opération", "operation"), ("Maître d'ouvrage", "maitre_d_ouvrage"),
         ("Sur le territoire", "sur_le_territoire"), ("Date début", "date_debut"), ("Date fin", "date_fin")]),
    "mde__clauses_heures": Layout(
        "Clauses - heures", "Clauses d'insertion : heures réalisées",
        [("Id opération", "id_operation"), ("Id personne", "id_personne"), ("Nom", "nom"), ("Prénom", "prenom"),
         ("Code commune", "code_commune"), ("Mois", "mois"), ("Heures", "heures")],
        totals=("heures",), comma_every=11, blank_every=30),
    "mde__clauses_entreprises": Layout(
        "Clauses - entreprises", "Clauses d'insertion : entreprises accompagnées",
        [("SIRET", "siret"), ("Entreprise", "entreprise"), ("Id opération", "id_operation"),
         ("Date accompagnement", "date_accompagnement")]),
    "mde__mobilite": Layout(
        "Mobilité", "Dispositif mobilité : aides individuelles",
        [("Id personne", "id_personne"), ("Nom", "nom"), ("Prénom", "prenom"), ("Date aide", "date_aide"),
         ("Type aide", "type_aide"), ("Code commune", "code_commune"), ("QPV", "qpv")],
        text_dates_every=13, blank_every=40),
    "mde__mobilite_bus": Layout(
        "Bus", "Dispositif mobilité : déplacements collectifs",
        [("Date déplacement", "date_deplacement"), ("Destination", "destination"), ("Participants", "participants")],
        totals=("participants",)),
    "mde__siae": Layout(
        "SIAE", "Placements en SIAE",
        [("Id personne", "id_personne"), ("Nom", "nom"), ("Prénom", "prenom"), ("Date placement", "date_placement"),
         ("Structure", "structure"), ("Type structure", "type_structure"), ("Observations", None)]),
}


def write_workbook(path: Path, year: int, month: int, records: dict[str, list[dict]]) -> None:
    """The month's workbook: every register's sheet, header-only when it has no record."""
    book = Workbook()
    book.remove(book.active)
    for name, layout in LAYOUTS.items():
        _write_sheet(book.create_sheet(layout.sheet), layout, year, month, records.get(name, []))
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue()))


def _reproducible(xlsx: bytes) -> bytes:
    """The same bytes on every run: openpyxl stamps the save time in the properties and the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-01-05T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(item.filename, date_time=(2026, 1, 5, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _write_sheet(ws, layout: Layout, year: int, month: int, rows: list[dict]) -> None:
    width = len(layout.columns)
    labels = [text for text, _ in layout.columns]
    ws.append([f"{layout.title} — {MONTHS_FR[month - 1]} {year}"])
    ws["A1"].font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append([])
    if layout.group:  # two header rows: the group label merged across, the others merged down
        label, first, last = layout.group
        ws.append([label if i == first else (None if first <= i <= last else text) for i, text in enumerate(labels, start=1)])
        ws.append([text if first <= i <= last else None for i, text in enumerate(labels, start=1)])
        ws.merge_cells(start_row=3, start_column=first, end_row=3, end_column=last)
        for i in range(1, width + 1):
            if not first <= i <= last:
                ws.merge_cells(start_row=3, start_column=i, end_row=4, end_column=i)
    else:
        ws.append(labels)
    first_data = ws.max_row + 1
    fields = [field for _, field in layout.columns]
    for n, record in enumerate(rows, start=1):
        values = []
        for field in fields:
            value = record.get(field) if field else None
            if isinstance(value, dt.date) and layout.text_dates_every and n % layout.text_dates_every == 0:
                value = french_date(value)  # typed as text
            elif isinstance(value, float) and layout.comma_every and n % layout.comma_every == 0:
                value = f"{value:.2f}".replace(".", ",")  # typed as text, decimal comma
            values.append(value)
        ws.append(values)
        if layout.blank_every and n % layout.blank_every == 0 and n < len(rows):
            ws.append([])  # a blank row left in the middle
    if layout.totals and rows:
        last_data = ws.max_row
        ws.append([])
        label_column = next(i for i, f in enumerate(fields) if f and f not in layout.totals and i > 0)
        total = [None] * width
        total[label_column] = "Total"
        for field in layout.totals:
            letter = get_column_letter(fields.index(field) + 1)
            total[fields.index(field)] = f"=SUM({letter}{first_data}:{letter}{last_data})"
        ws.append(total)
