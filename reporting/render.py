"""Rendering the annual report: one HTML template tree, written as HTML and as PDF.

The PDF is made with fpdf2 from the same HTML body (fonts: DejaVu, shipped with matplotlib), so
both artefacts always carry the same figures.
"""
from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import jinja2
import matplotlib
from fpdf import FPDF

from pipelines.mde import MdeConfig
from pipelines.territory import Territory
from quality.data_state import DataState
from reporting.charts import grouped_horizontal_bars, horizontal_bars, rates_against_target
from reporting.figures import Figures
from reporting.formatting import fr_number

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECTIONS = ["sections/territory.html.j2", "sections/plie.html.j2"]
SECTIONS += ["sections/ml.html.j2"]
SECTIONS += ["sections/mde.html.j2", "sections/communication.html.j2"]
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _fr_date(period: str) -> str:
    try:
        return dt.date.fromisoformat(period.split("/")[-1]).strftime("%d/%m/%Y")
    except ValueError:
        return period


def _fr_period_start(period: str) -> str:
    return _fr_date(period.split("/")[0]) if "/" in period else period


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fr_date"] = _fr_date
    env.filters["fr_period_start"] = _fr_period_start
    env.filters["fr_number"] = fr_number
    return env


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def charts(figures: Figures, territory: Territory) -> dict[str, str]:
    out = {}
    populations = [figures.value(f"territoire.population.{c.code}") for c in territory.communes]
    if all(v is not None for v in populations):
        out["population"] = _data_uri(
            horizontal_bars([c.name for c in territory.communes], populations, "Population municipale par commune")
        )
    participants = [figures.value(f"plie.participants.commune.{c.code}") for c in territory.communes]
    entries = [figures.value(f"plie.entrees.commune.{c.code}") for c in territory.communes]
    if all(v is not None for v in participants + entries):
        out["plie_communes"] = _data_uri(
            grouped_horizontal_bars(
                [c.name for c in territory.communes],
                {"Participants en parcours": participants, "dont nouvelles entrées": entries},
                "PLIE : participants et nouvelles entrées par commune",
            )
        )
    rates = [figures.value("plie.sorties.positives.taux_pct"), figures.value("plie.sorties.positives.taux_ajuste_pct")]
    target = figures.value("plie.sorties.positives.objectif_pct")
    if target is not None and all(v is not None for v in rates):
        out["plie_sorties"] = _data_uri(
            rates_against_target(
                ["Taux de sorties positives", "Taux hors sorties neutres"], rates, target, "Objectif",
                "PLIE : taux de sorties positives et objectif",
            )
        )
    out.update(ml_charts(figures))
    out.update(mde_charts(figures))
    return out


ML_EVOLUTIONS = {
    "ml.public.nouvelles_inscriptions.evol_pct": "Nouvelles inscriptions",
    "ml.public.jeunes_entretien.evol_pct": "Jeunes accompagnés (entretiens)",
    "ml.public.contacts.evol_pct": "Contacts",
    "ml.emploi.situations.evol_pct": "Contrats de travail",
    "ml.emploi.cdi.evol_pct": "dont CDI",
}
ML_EMPLOI = {
    "ml.emploi.infra_bac.part_pct": "Niveau inférieur au BAC",
    "ml.emploi.age_18_21.part_pct": "Âgés de 18 à 21 ans",
    "ml.emploi.hommes.part_pct": "Hommes",
    "ml.emploi.transport_logistique.part_pct": "Contrats Transport et Logistique",
}
ML_AIDES = {
    "ml.aides.cej.jeunes": "Allocation CEJ",
    "ml.aides.pacea.jeunes": "Allocation PACEA",
    "ml.aides.faj.jeunes": "Fonds d'Aide aux Jeunes",
    "ml.aides.repas.jeunes": "Repas",
    "ml.aides.mobilite_mde.jeunes": "Mobilité MDE",
    "ml.aides.fonds_ml.jeunes": "Fonds ML",
}


def ml_charts(figures: Figures) -> dict[str, str]:
    """The Mission Locale section's charts: evolutions on the year before, profile of the young
    people in employment (shares in percent), beneficiaries by kind of aid."""
    out = {}
    for key, ids, title in (
        ("ml_evolutions", ML_EVOLUTIONS, f"Mission Locale : évolution {figures.year} / {figures.year - 1} (en %)"),
        ("ml_emploi", ML_EMPLOI, "Jeunes accédant à l'emploi : caractéristiques (en %)"),
        ("ml_aides", ML_AIDES, "Bénéficiaires des aides financières, par aide"),
    ):
        values = [figures.value(i) for i in ids]
        if all(v is not None for v in values):
            out[key] = _data_uri(horizontal_bars(list(ids.values()), values, title))
    return out


# The MDE's event types and SIAE structure types, as the report names them (ids: dbt_like_sql/mde/)
EVENT_TYPES_FR = {"salon": "Salon Les Clés de l'Emploi", "job_dating": "Job Dating", "decroche_ton_job": "Décroche ton Job",
                  "rendez_vous_des_possibles": "Rendez-vous des Possibles", "autre": "Autres événements"}
SIAE_TYPES_FR = {"aci": "ACI", "ei": "EI", "ai": "AI", "etti": "ETTI"}


def mde_charts(figures: Figures) -> dict[str, str]:
    """Events by type, SIAE placements by structure type, Cyber-base by site (config/mde.yaml)."""
    out = {}
    types = [t for t in EVENT_TYPES_FR if figures.value(f"mde.evenements.type.{t}.organises")]
    if types:
        out["mde_evenements"] = _data_uri(grouped_horizontal_bars(
            [EVENT_TYPES_FR[t] for t in types],
            {"Participants": [figures.value(f"mde.evenements.type.{t}.participants") for t in types],
             "Exposants": [figures.value(f"mde.evenements.type.{t}.exposants") for t in types]},
            "Événements emploi organisés : participants et exposants par type"))
    placements = [figures.value(f"mde.siae.placements.{t}") for t in SIAE_TYPES_FR]
    if all(v is not None for v in placements):
        out["mde_siae"] = _data_uri(horizontal_bars(list(SIAE_TYPES_FR.values()), placements,
                                                    "Personnes placées en SIAE par type de structure"))
    try:  # site names from the default settings file (the report's assets do not pass MNO_MDE_FILE)
        configured = MdeConfig.load().sites
    except (FileNotFoundError, ValueError):
        configured = ()
    sites = [site for site in configured if figures.value(f"mde.cyberbase.{site.id}.utilisations") is not None]
    if sites:
        out["mde_cyberbase"] = _data_uri(grouped_horizontal_bars(
            [site.name for site in sites],
            {"Utilisations": [figures.value(f"mde.cyberbase.{s.id}.utilisations") for s in sites],
             "Usagers": [figures.value(f"mde.cyberbase.{s.id}.usagers") for s in sites],
             "dont jeunes": [figures.value(f"mde.cyberbase.{s.id}.jeunes") for s in sites]},
            "Cyber-base Emploi : utilisations et usagers par site"))
    return out


class Charts(dict):
    """Chart images by name; a chart the data could not draw is None, never an error."""

    def __missing__(self, name: str) -> None:
        return None


def context(figures: Figures, territory: Territory, year_to_date: bool, state: DataState) -> dict:
    return {
        "year": figures.year,
        "f": figures,
        "territory": territory,
        "sections": SECTIONS,
        "charts": Charts(charts(figures, territory)),
        "year_to_date": year_to_date,
        "state": state,
        "generated_on": dt.date.today().strftime("%d/%m/%Y"),
    }


def render_html(ctx: dict) -> str:
    return environment().get_template("report.html.j2").render(**ctx)


def render_pdf(ctx: dict, path: Path) -> None:
    body = environment().get_template("body.html.j2").render(**ctx)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(dt.datetime(ctx["year"], 1, 1, tzinfo=dt.timezone.utc))  # reproducible bytes
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(_FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.add_font("DejaVu", "BI", str(_FONTS / "DejaVuSans-BoldOblique.ttf"))
    pdf.set_title(f"Rapport d'activité {ctx['year']}")
    pdf.set_author(ctx["territory"].name)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    pdf.write_html(body, font_family="DejaVu")
    pdf.output(str(path))
