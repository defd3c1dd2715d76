"""Rendering the annual report: one HTML template tree and one stylesheet, written as HTML and as PDF.

The PDF is the same HTML laid out for print by WeasyPrint (reporting/templates/report.css, its
@media print rules): A4, cover, table of contents, running headers, page numbers; tagged PDF/UA-1
in French. Fonts: DejaVu, shipped with matplotlib. Both artefacts carry the same figures, each
traced to its indicator id (reporting/figures.py); the dictionary of indicators, a document of its
own (`render_dictionary`), defines every one. What belongs to the association comes from its
configuration: territory, MDE settings (sites, networks) and report settings (name, logo, website,
scheme labels, the year's Markdown texts: pipelines/report_settings.py).
"""
from __future__ import annotations

import base64
import datetime as dt
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from pipelines.mde import MdeConfig
from pipelines.report_settings import ReportSettings
from pipelines.territory import Territory
from quality.data_state import DataState
from reporting.appendix import anchor_headings, extracts_of
from reporting.charts import grouped_horizontal_bars, horizontal_bars, rates_against_target
from reporting.figures import Figures
from reporting.finishing import finished
from reporting.formatting import fr_number
from reporting.lists import ReportLists

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The parts in the order the association publishes them; a part without data (or, for the
# foreword, without its text) is left out by its template.
SECTIONS = ["sections/foreword.html.j2", "sections/territory.html.j2", "sections/mde.html.j2",
            "sections/plie.html.j2", "sections/ml.html.j2", "sections/communication.html.j2"]
STYLESHEET = TEMPLATES / "report.css"


def _fr_date(period: str) -> str:
    try:
        return dt.date.fromisoformat(period.split("/")[-1]).strftime("%d/%m/%Y")
    except ValueError:
        return period


def _fr_period_start(period: str) -> str:
    return _fr_date(period.split("/")[0]) if "/" in period else period


MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")


def _fr_day(day: dt.date) -> str:
    """27 février; 1er mars (a day of the report's year, as the published lists write it)."""
    return f"{'1er' if day.day == 1 else day.day}\u00a0{MONTHS_FR[day.month - 1]}"


def _fr_count(value: int | None) -> str:
    """A count of a list's record; « – » when the register left it empty (not counted)."""
    return "–" if value is None else fr_number(value)


@cache
def environment() -> jinja2.Environment:
    """The templates' environment, one per process: it keeps each template compiled (compiling the
    report's templates again at every rendering cost more than rendering them)."""
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
    env.filters["fr_day"] = _fr_day
    env.filters["fr_count"] = _fr_count
    return env


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def charts(figures: Figures, territory: Territory, mde: MdeConfig, report: ReportSettings) -> dict[str, str]:
    out = {}
    populations = [figures.value(f"territoire.population.{c.code}") for c in territory.communes]
    if all(v is not None for v in populations):
        out["population"] = _data_uri(
            horizontal_bars([c.name for c in territory.communes], populations, "Population municipale par commune",
                            source=f"Source : Insee, population municipale, {figures.period('territoire.population.total')}.")
        )
    plie_source = (f"Source : outil de suivi du PLIE, du {_fr_period_start(figures.period('plie.participants.total'))}"
                   f" au {_fr_date(figures.period('plie.participants.total'))}.")
    participants = [figures.value(f"plie.participants.commune.{c.code}") for c in territory.communes]
    entries = [figures.value(f"plie.entrees.commune.{c.code}") for c in territory.communes]
    if all(v is not None for v in participants + entries):
        out["plie_communes"] = _data_uri(
            grouped_horizontal_bars(
                [c.name for c in territory.communes],
                {"Participants en parcours": participants, "dont nouvelles entrées": entries},
                "PLIE : participants et nouvelles entrées par commune",
                source=plie_source,
            )
        )
    rates = [figures.value("plie.sorties.positives.taux_pct"), figures.value("plie.sorties.positives.taux_ajuste_pct")]
    target = figures.value("plie.sorties.positives.objectif_pct")
    if target is not None and all(v is not None for v in rates):
        out["plie_sorties"] = _data_uri(
            rates_against_target(
                ["Taux de sorties positives", "Taux hors sorties neutres"], rates, target, "Objectif",
                "PLIE : taux de sorties positives et objectif",
                source=plie_source,
            )
        )
    programmes = {"erasmus": "Erasmus+", "echanges_jeunes": "Échanges de jeunes", "sci": "Service Civique International",
                  "ces": "Corps Européen de Solidarité", "vsi": "Volontariat (VSI)", "au_pair": "Au pair"}
    departures = [figures.value(f"ml.mobilite_internationale.departs.{key}") for key in programmes]
    if all(v is not None for v in departures):
        out["ml_departs"] = _data_uri(
            horizontal_bars(list(programmes.values()), departures, "Mission Locale : départs à l'étranger par dispositif",
                            source=f"Source : registres de la Mission Locale, année {figures.year}.")
        )
    out.update(ml_charts(figures))
    out.update(mde_charts(figures, mde, report))
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
            source = f"Source : i-milo, année {figures.year}."
            if key == "ml_evolutions":
                source = f"Source : i-milo, années {figures.year - 1} et {figures.year}."
            out[key] = _data_uri(horizontal_bars(list(ids.values()), values, title, source=source))
    return out


# The MDE's event types and SIAE structure types, as the report names them (ids: dbt_like_sql/mde/);
# the job fair's name is the association's (config/report/report.yaml, `job_fair`).
EVENT_TYPES_FR = {"salon": None, "job_dating": "Job Dating", "decroche_ton_job": "Décroche ton Job",
                  "rendez_vous_des_possibles": "Rendez-vous des Possibles", "autre": "Autres événements"}
SIAE_TYPES_FR = {"aci": "ACI", "ei": "EI", "ai": "AI", "etti": "ETTI"}


def mde_charts(figures: Figures, mde: MdeConfig, report: ReportSettings) -> dict[str, str]:
    """Events by type, SIAE placements by structure type, Cyber-base by site (the MDE settings file)."""
    out = {}
    period = figures.period("mde.evenements.organises")
    source = f"Source : registres de suivi de la Maison de l'Emploi, du {_fr_period_start(period)} au {_fr_date(period)}."
    types = [t for t in EVENT_TYPES_FR if figures.value(f"mde.evenements.type.{t}.organises")]
    if types:
        out["mde_evenements"] = _data_uri(grouped_horizontal_bars(
            [EVENT_TYPES_FR[t] or report.labels["job_fair"] for t in types],
            {"Participants": [figures.value(f"mde.evenements.type.{t}.participants") for t in types],
             "Exposants": [figures.value(f"mde.evenements.type.{t}.exposants") for t in types]},
            "Événements emploi organisés : participants et exposants par type", source=source))
    placements = [figures.value(f"mde.siae.placements.{t}") for t in SIAE_TYPES_FR]
    if all(v is not None for v in placements):
        out["mde_siae"] = _data_uri(horizontal_bars(list(SIAE_TYPES_FR.values()), placements,
                                                    "Personnes placées en SIAE par type de structure", source=source))
    sites = [site for site in mde.sites if site.cyberbase and figures.value(f"mde.cyberbase.{site.id}.utilisations") is not None]
    if sites:
        out["mde_cyberbase"] = _data_uri(grouped_horizontal_bars(
            [site.name for site in sites],
            {"Utilisations": [figures.value(f"mde.cyberbase.{s.id}.utilisations") for s in sites],
             "Usagers": [figures.value(f"mde.cyberbase.{s.id}.usagers") for s in sites],
             "dont jeunes": [figures.value(f"mde.cyberbase.{s.id}.jeunes") for s in sites]},
            "Cyber-base Emploi : utilisations et usagers par site",
            source=source.replace("registres de suivi de la Maison de l'Emploi", "journal des passages de la Cyber-base Emploi")))
    return out


class Charts(dict):
    """Chart images by name; a chart the data could not draw is None, never an error."""

    def __missing__(self, name: str) -> None:
        return None


class Editorial(Charts):
    """The year's editorial texts by slot (pipelines/report_settings.py); an absent one is None."""


def context(figures: Figures, territory: Territory, year_to_date: bool, state: DataState | None, with_charts: bool = True,
            mde: MdeConfig | None = None, report: ReportSettings | None = None, lists: ReportLists | None = None) -> dict:
    """What the templates see. Without charts (`with_charts=False`), for reading the figures'
    wording back (reporting/dictionary.py): the sections render the same, minus the images.
    `mde` and `report`: the MDE and report settings the run was given (ProjectConfig.mde(),
    .report()); by default the project's own files. `lists`: the events lists (reporting/lists.py)."""
    now = dt.datetime.now().astimezone()
    mde = mde or MdeConfig.load()
    report = report or ReportSettings.load()
    return {
        "year": figures.year,
        "f": figures,
        "territory": territory,
        "mde": mde,
        "report": report,
        "labels": report.labels,
        "editorial": Editorial({slot: Markup(html) for slot, html in report.editorial(figures.year).items()}),
        "lists": lists or ReportLists(),
        "sections": SECTIONS,
        "charts": Charts(charts(figures, territory, mde, report) if with_charts else {}),
        "year_to_date": year_to_date,
        "state": state,
        "generated_on": now.strftime("%d/%m/%Y"),
        "generated_at": now.isoformat(timespec="seconds"),
    }


def render_html(ctx: dict) -> str:
    """The whole report: the sections first (their headings anchored for the table of contents,
    their figures read back for the appendix), then the page around them."""
    env = environment()
    sections, toc = anchor_headings(render_sections(ctx))
    page = {**ctx, "sections_html": sections, "toc": toc, "stylesheet": Markup(STYLESHEET.read_text(encoding="utf-8"))}
    return finished(env.get_template("report.html.j2").render(**page))


def render_dictionary(ctx: dict, described: dict) -> str:
    """The dictionary of the year's indicators, a document of its own beside the report
    (`dictionnaire-des-indicateurs-<year>.html`): every figure, grouped by the SQL model computing
    it, with its French label (the report's words), its value as printed, unit and sources.
    `described`: reporting.dictionary.describe's entries."""
    from warehouse.models import discover_models  # noqa: PLC0415

    figures: Figures = ctx["f"]
    models = {m.name: m for m in discover_models()}
    groups: dict[str, dict] = {}
    for indicator in sorted(figures.rows, key=lambda i: (figures.models.get(i, "~"), i)):
        name = figures.models.get(indicator, "")
        entry = described.get(indicator)
        if entry is None:
            continue
        group = groups.setdefault(name, {"model": name or "(modèle non identifié)",
                                         "definition": models[name].description if name in models else "",
                                         "extracts": extracts_of(name, models) if name in models else [], "rows": []})
        value = figures.value(indicator)
        group["rows"].append({"id": indicator, "label": entry.label, "unit": entry.unit, "sources": entry.sources,
                              "in_report": entry.in_report,
                              "text": fr_number(value, entry.decimals) if value is not None else "n.d."})
    page = {**ctx, "groups": list(groups.values()), "stylesheet": Markup(STYLESHEET.read_text(encoding="utf-8"))}
    return finished(environment().get_template("dictionary.html.j2").render(**page))


def render_sections(ctx: dict) -> Markup:
    """The report's sections, without the page around them (cover, contents, appendix)."""
    env = environment()
    return Markup(finished("\n".join(env.get_template(name).render(**ctx) for name in ctx["sections"])))


def _font_faces() -> str:
    """DejaVu from matplotlib's own files: the PDF looks the same whatever fonts the machine has."""
    import matplotlib  # noqa: PLC0415 (only for its data folder, where a PDF is written)

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {("normal", "normal"): "DejaVuSans", ("bold", "normal"): "DejaVuSans-Bold",
             ("normal", "italic"): "DejaVuSans-Oblique", ("bold", "italic"): "DejaVuSans-BoldOblique"}
    return "\n".join(
        f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(fonts / f"{name}.ttf").as_uri()}"); }}'
        for (weight, style), name in faces.items()
    )


def pdf_source(ctx: dict) -> str:
    """What the PDF is rendered from, its generation date left out: the same figures and text give
    the same source, so the previous PDF is kept (`reporting.outputs.rendered_from`)."""
    return render_html({**ctx, "generated_on": "", "generated_at": ""}) + _font_faces()


def render_pdf(html: str, path: Path) -> None:
    """The report's HTML (`render_html`) as a tagged PDF (PDF/UA-1, French)."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 (heavy import, only where a PDF is written)

    document = HTML(string=html, base_url=str(TEMPLATES))
    document.write_pdf(str(path), stylesheets=[CSS(string=_font_faces())], pdf_variant="pdf/ua-1")
