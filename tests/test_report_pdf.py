"""The annual report as a printed document, and the traceability of its figures.

Fast, on hand-built inputs: a figure carries its indicator id, invisibly; the appendix reads each
figure's label back from its table row or sentence; the dashboard colours a change by its meaning
and says it in words; charts are drawn at their print width. Then on the 2025 sample (the shared
`year_2025` run, one PDF per warehouse kind): every figure of the HTML is its row of
`indicators.csv`, rounded as shown, and listed in the dictionary of indicators; the PDF's text has every section
heading and figure; the PDF is tagged (PDF/UA-1), in French, dated when it was made; the
dashboard rounds as the report does.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pypdf
import pytest
from PIL import Image

from catalogue import export_rows, export_values
from pipelines.settings import PROJECT_ROOT
from pipelines.territory import Territory
from quality.data_state import DataState
from report_text import indicator_spans, without_indicator_spans
from reporting import charts
from reporting.appendix import PrintedFigure, anchor_headings, printed_figures
from reporting.dashboard import render_dashboard
from reporting.figures import Figures
from reporting.render import STYLESHEET, environment

# --- hand-built -----------------------------------------------------------------------------


def test_a_figure_carries_its_indicator_id_and_nothing_else_shows():
    figures = Figures(2025, {"plie.entrees.total": {"value": 186.0, "period": "", "unit": "count"},
                             "plie.sorties.positives.taux_ajuste_pct": {"value": 60.2150537, "period": "", "unit": "pct"},
                             'odd"<id>': {"value": 1.0, "period": "", "unit": "count"}})
    template = environment().from_string(
        "<p>{{ f.n('plie.entrees.total') }} entrées ; {{ f.pct('plie.sorties.positives.taux_ajuste_pct', 1) }} ; "
        "{{ f.n('odd\"<id>') }} ; {{ f.n('absent') }}</p>")
    html = template.render(f=figures)
    assert html == ('<p><span data-indicator="plie.entrees.total" data-decimals="0">186</span> entrées ; '
                    '<span data-indicator="plie.sorties.positives.taux_ajuste_pct" data-decimals="1">60,2\u00a0%</span> ; '
                    '<span data-indicator="odd&#34;&lt;id&gt;" data-decimals="0">1</span> ; '
                    '<span data-indicator="absent" data-decimals="0">n.d.</span></p>')
    assert without_indicator_spans(html) == "<p>186 entrées ; 60,2\u00a0% ; 1 ; n.d.</p>"


def test_each_figure_s_label_is_read_back_from_its_row_or_its_sentence():
    html = """<h2>Le PLIE</h2><h3>Les entrées</h3><table><thead><tr><th>Profil</th><th class="num">Nouvelles entrées</th><th class="num">Part</th></tr></thead>
    <tbody><tr><td>Femmes</td><td class="num"><span data-indicator="e.femmes">92</span></td>
    <td class="num"><span data-indicator="e.femmes.part_pct" data-decimals="1">49,5 %</span></td></tr></tbody></table>
    <h3>Les sorties</h3>
    <p><b><span data-indicator="s.total">131</span></b> sorties : <span data-indicator="s.pos">65</span> positives ;
    dont <span data-indicator="s.neutres">23</span> sorties neutres.</p>"""
    entries, sorties = "Le PLIE › Les entrées", "Le PLIE › Les sorties"
    assert printed_figures(html) == {
        "e.femmes": PrintedFigure(entries, "Femmes — Nouvelles entrées", None),
        "e.femmes.part_pct": PrintedFigure(entries, "Femmes — Nouvelles entrées, part", 1),
        "s.total": PrintedFigure(sorties, "… sorties", None),
        "s.pos": PrintedFigure(sorties, "… positives", None),
        "s.neutres": PrintedFigure(sorties, "dont … sorties neutres", None),
    }
    assert printed_figures(html)["s.neutres"].full_label == "Le PLIE › Les sorties : dont … sorties neutres"
    assert printed_figures(html)["s.neutres"].short_label == "Les sorties : dont … sorties neutres"


def test_headings_are_anchored_for_the_contents_without_changing_their_markup():
    html, headings = anchor_headings('<h2>Le PLIE</h2><p>x</p><h3 class="a">Les sorties</h3><h3 id="kept">K</h3><h4>no</h4>')
    assert [(h.level, h.anchor, str(h.text)) for h in headings] == [(2, "s1", "Le PLIE"), (3, "s2", "Les sorties"), (3, "kept", "K")]
    assert '<div class="anchor" id="s1"><h2>Le PLIE</h2></div>' in html and '<h3 class="a">Les sorties</h3>' in html
    assert '<h3 id="kept">K</h3>' in html and "<h4>no</h4>" in html


def _dashboard_rows(html: str) -> dict[str, str]:
    first_table = html[html.index("<table>"): html.index("</table>")]
    return dict(re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', first_table, re.S))


def test_the_dashboard_colours_a_change_by_its_meaning_and_says_it_without_colour(tmp_path):
    values = {"plie.sorties.duree_moyenne_mois": (17.7, 15.2), "plie.entrees.femmes.part_pct": (45.0, 50.0),
              "plie.sorties.positives.taux_ajuste_pct": (60.2150537, 55.0), "plie.entrees.total": (186, 186)}
    ytd = pd.DataFrame([{"month": month, "indicator_id": k, "value": v[i]}
                        for k, v in values.items() for i, month in enumerate(["2025-12", "2024-12"])])
    territory = Territory.load(PROJECT_ROOT / "config" / "territory.yaml")
    config = tmp_path / "dashboard.yaml"  # a figure whose rise is bad news (none of the real dashboard's is)
    config.write_text((PROJECT_ROOT / "reporting" / "dashboard.yaml").read_text(encoding="utf-8").replace(
        'format: dec1, better: neutral,', 'format: dec1, better: down,'), encoding="utf-8")
    rows = _dashboard_rows(render_dashboard(2025, ytd, territory, DataState(2025, ()), config))
    longer = rows["plie.sorties.duree_moyenne_mois"]  # where a longer parcours is bad news, though it rises
    assert 'class="num bad"' in longer and "\u25b2" in longer and "défavorable" in longer
    women = rows["plie.entrees.femmes.part_pct"]  # a lower share of women is neither good nor bad
    assert 'class="num neutral"' in women and "\u25bc" in women and "favorable" not in women and "-5,0\u00a0pt" in women
    rate = rows["plie.sorties.positives.taux_ajuste_pct"]
    assert "60,2\u00a0%" in rate and 'class="num good"' in rate and ">favorable<" in rate  # rounded as in the report
    assert 'class="num neutral"' in rows["plie.entrees.total"] and "=" in rows["plie.entrees.total"]


def test_charts_are_drawn_at_their_print_width_with_labels_the_size_of_the_text():
    png = charts.horizontal_bars(["Lambersart", "Lompret"], [27572, 2201], "Population", source="Source : Insee, RP2023.")
    width_px, _ = Image.open(io.BytesIO(png)).size
    css = STYLESHEET.read_text(encoding="utf-8")
    shown_cm = float(re.search(r"\nimg \{[^}]*\bwidth: ([\d.]+)cm", css).group(1))
    assert width_px / charts.DPI == pytest.approx(charts.WIDTH_IN) and charts.WIDTH_IN * 2.54 == pytest.approx(shown_cm, abs=0.05)
    body_pt = float(re.search(r"html \{ font-size: ([\d.]+)pt", css).group(1))
    assert min(charts.LABEL_PT, charts.TITLE_PT) >= body_pt and charts.SOURCE_PT >= body_pt - 1


# --- the 2025 sample ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(year_2025) -> dict:
    folder = year_2025.output_dir / "2025"
    export = export_rows(folder / "indicators.csv")
    pdf = pypdf.PdfReader(folder / "rapport-activite-2025.pdf")
    return {
        "html": (folder / "rapport-activite-2025.html").read_text(encoding="utf-8"),
        "dictionary": (folder / "dictionnaire-des-indicateurs-2025.html").read_text(encoding="utf-8"),
        "dashboard": (folder / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8"),
        "values": export_values(folder / "indicators.csv"),
        "printed": {row["indicator_id"]: row["value_printed"] for row in export},
        "pdf": pdf,
        "pdf_text": "\n".join(page.extract_text() or "" for page in pdf.pages),
    }


def _shown(text: str) -> tuple[Decimal, int] | None:
    """A figure as the report prints it (22 006 ; 49,6 % ; +8,0 % ; 5 173,31 €), as a number and its decimals."""
    if text == "n.d.":
        return None
    number = re.sub(r"[^\d,-]", "", text).replace(",", ".")
    return Decimal(number), len(number.partition(".")[2])


def test_every_figure_of_the_report_is_its_row_of_the_indicators_table(report):
    spans = indicator_spans(report["html"].split('id="methodologie"')[0])
    assert len(spans) >= 120
    wrong = []
    for indicator, text in spans:
        if indicator not in report["values"]:
            wrong.append(f"{indicator}: not in indicators.csv")
            continue
        value, shown = report["values"][indicator], _shown(text)
        if shown is None:
            if value is not None:
                wrong.append(f"{indicator}: n.d. shown, {value} in the table")
            continue
        number, decimals = shown
        expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if number != expected:
            wrong.append(f"{indicator}: {text!r} shown, {value} in the table")
        if Decimal(report["printed"][indicator].replace(",", ".")) != number:  # the export's figure as printed
            wrong.append(f"{indicator}: {text!r} shown, {report['printed'][indicator]} printed in indicators.csv")
    assert wrong == []


def test_the_figures_are_read_back_as_an_html5_parser_reads_the_report(report, monkeypatch):
    """`printed_figures` parses with the standard library's tokenizer, not an HTML5 parser (five
    times faster): on the whole sample report, every figure's heading, label and decimals are what
    an HTML5 parser's tree gives (tinyhtml5, WeasyPrint's)."""
    import tinyhtml5

    from reporting import appendix

    html = report["html"][report["html"].index("<body"):]
    ours = printed_figures(html)
    monkeypatch.setattr(appendix, "_parse", lambda markup: tinyhtml5.parse(f"<!DOCTYPE html><html><body>{markup}</body></html>"))
    theirs = printed_figures(html)
    assert len(ours) > 250 and list(ours.items()) == list(theirs.items())


def test_the_dictionary_gives_every_figure_its_label_value_unit_source_and_model(report):
    body, note = report["html"].split('id="methodologie"')
    dictionary = report["dictionary"]
    rows = dict(re.findall(r'<tr><th scope="row"><code>([^<]+)</code></th><td>[^<]*</td><td class="num">([^<]+)</td>', dictionary))
    assert {indicator for indicator, _ in indicator_spans(body)} <= set(rows)
    assert set(rows) == set(report["values"])  # every indicator of the year, printed or not
    assert rows["plie.sorties.positives.taux_pct"] == report["printed"]["plie.sorties.positives.taux_pct"]  # rounded as printed
    assert "modèle non identifié" not in dictionary
    models = re.findall(r'<h2 class="model-name"><code>([^<]+)</code></h2>\s*<p class="definition" lang="en">', dictionary)
    assert "ind_plie__sorties" in models and "ind_territory__population" in models
    assert "raw_plie__sorties" in dictionary  # the extract the exits are read from
    assert "<td>PLIE, suivi des participants</td>" in dictionary  # the source, in French


def test_the_report_ends_with_a_short_french_methodology_note(report):
    note = report["html"].split('id="methodologie"')[1]
    for words in ("Les sources et leurs dates", "n.d.", "Valeurs provisoires", "Valeurs masquées", "Les révisions",
                  "dictionnaire-des-indicateurs-2025.html"):
        assert words in note, words
    assert 'lang="en"' not in report["html"] and "<code>ind_" not in report["html"]  # no model listing in the report
    assert len(report["pdf"].pages) <= 32


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", "", html_lib.unescape(text))


def test_the_pdf_has_every_section_and_every_figure(report):
    text = _squeeze(report["pdf_text"])
    headings = re.findall(r"<h([234])[^>]*>(.*?)</h\1>", report["html"].split("<body>")[1], re.S)
    assert len(headings) >= 10
    missing = [h for _, h in headings if _squeeze(re.sub(r"<[^>]+>", "", h)) not in text]
    assert missing == []
    shown = {figure for _, figure in indicator_spans(report["html"])}
    assert [f for f in shown if _squeeze(f) not in text] == []
    assert "Sommaire" in report["pdf_text"] and "Page 2 sur" in report["pdf_text"]
    assert "Page 1 sur" not in report["pdf"].pages[0].extract_text()  # no page number on the cover
    assert "Données complètes" in report["pdf"].pages[0].extract_text()  # the data state, on the cover


def test_the_pdf_is_tagged_in_french_and_dated_when_it_was_made(report):
    pdf = report["pdf"]
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert pdf.metadata.title.startswith("Rapport d’activité 2025")
    created = pdf.metadata.creation_date
    assert abs(dt.datetime.now(dt.timezone.utc) - created.astimezone(dt.timezone.utc)) < dt.timedelta(days=1)
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in pdf.pages)  # A4


def test_the_dashboard_rounds_each_figure_as_the_report_does(report):
    in_report: dict[str, set[str]] = {}
    for indicator, text in indicator_spans(report["html"].split('id="methodologie"')[0]):
        in_report.setdefault(indicator, set()).add(text)
    rows = _dashboard_rows(report["dashboard"])  # December: the year's figures
    compared = 0
    for indicator, cells in rows.items():
        current = re.findall(r'<td class="num">(.*?)</td>', cells)[0]
        if indicator in in_report:
            assert _shown(current) in {_shown(text) for text in in_report[indicator]}, (indicator, current)  # value and decimals
            compared += 1
    assert compared >= 10


PUBLISHED_PARTS = ["Avant-propos", "Les données clés du territoire", "La Maison de l’Emploi", "Le PLIE",
                   "La Mission Locale", "Communication"]


def _starts(titles: list[str]) -> list[str]:
    """Each title as the published part it opens (the report's words may go on: « Le PLIE (Plan… »)."""
    return [next((p for p in PUBLISHED_PARTS if t.replace("'", "’").startswith(p)), t) for t in titles]


def _titles(outline):
    """The PDF's bookmarks in reading order (nested under the cover's title)."""
    for item in outline:
        yield from (_titles(item) if isinstance(item, list) else [item.title])


def test_the_parts_come_in_the_published_order_opened_by_the_foreword(report):
    main = report["html"].split("<main>")[1].split("</main>")[0]
    parts = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", main, re.S)]
    assert _starts(parts) == PUBLISHED_PARTS
    outline = list(_titles(report["pdf"].outline))
    assert [p for p in _starts(outline) if p in PUBLISHED_PARTS] == PUBLISHED_PARTS  # the PDF's bookmarks too
    assert "Le Président de l’association" in report["pdf_text"]  # the foreword is signed


def test_french_typography_and_accessible_tables_on_hand_built_html():
    from reporting.finishing import finished

    html = finished("<h3>Les sorties</h3><p>Sources : l'Insee ; « IAE » <code>a : b</code></p>"
                    "<!--state--><p>plie__x : l'état</p><!--/state-->"
                    "<table><thead><tr><th>Profil</th><th class=\"num\">N</th></tr></thead>"
                    "<tbody><tr><td>Femmes</td><td class=\"num\">92</td></tr></tbody></table>")
    assert "<p>Sources\u00a0: l’Insee\u202f; «\u00a0IAE\u00a0» <code>a : b</code></p>" in html
    assert "<p>plie__x : l’état</p>" in html  # the data-state notice keeps its own spacing
    assert ('<table><caption class="from-heading">Les sorties</caption><thead><tr><th scope="col">Profil</th>'
            '<th scope="col" class="num">N</th></tr></thead><tbody><tr><th scope="row">Femmes</th>') in html


def test_the_report_s_text_is_french_and_its_tables_accessible(report):
    html = report["html"]
    def text(page: str) -> str:
        return re.sub(r"<(style|code)\b.*?</\1>|<[^>]+>", " ", page, flags=re.S)

    assert re.findall(r"\w(?:'|&#39;)\w", text(html)) == []  # typographic apostrophes (’)
    outside_state = re.sub(r"<!--state-->.*?<!--/state-->", " ", html, flags=re.S)  # the notice keeps its own spacing
    assert re.findall(r"\w [:;?!](?=\s)", text(outside_state)) == []  # no-break spaces before : ; ? !
    assert html.count("<table") == html.count("<caption") > 10
    assert re.findall(r"<th(?![^>]*scope=)[\s>]", html) == []


def test_editorial_texts_are_the_association_s_markdown_and_a_missing_one_leaves_its_part_out(tmp_path):
    from pipelines.report_settings import ReportSettings

    (tmp_path / "report.yaml").write_text((PROJECT_ROOT / "config" / "report" / "report.yaml").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    settings = ReportSettings.load(tmp_path)
    assert settings.editorial(2025) == {}  # no folder for the year: no foreword, no prizes, no placeholder
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "avant-propos.md").write_text("# Un titre\n\nL'année \"pleine\".\n\n*La Présidente*\n", encoding="utf-8")
    (tmp_path / "2025" / "ml-prix.md").write_text("  \n", encoding="utf-8")  # empty: left out too
    texts = ReportSettings.load(tmp_path).editorial(2025)
    assert set(texts) == {"avant-propos"}
    assert texts["avant-propos"] == "<h4>Un titre</h4>\n<p>L’année «\u00a0pleine\u00a0».</p>\n<p><em>La Présidente</em></p>"
    (tmp_path / "2025" / "avant_propos.md").write_text("typo", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown editorial file"):
        ReportSettings.load(tmp_path).editorial(2025)


def test_the_cover_names_the_association_and_shows_its_logo(tmp_path):
    from pipelines.mde import MdeConfig
    from pipelines.report_settings import ReportSettings
    from reporting import render

    Image.new("RGB", (40, 20), "navy").save(tmp_path / "logo.png")
    yaml_text = (PROJECT_ROOT / "config" / "report" / "report.yaml").read_text(encoding="utf-8")
    (tmp_path / "report.yaml").write_text(yaml_text.replace("association: Association ALPES", "association: Emploi Exemple")
                                          + "logo: logo.png\n", encoding="utf-8")
    territory = Territory.load(PROJECT_ROOT / "config" / "territory.yaml")
    ctx = render.context(Figures(2025, {}), territory, year_to_date=False, state=DataState(2025, ()), with_charts=False,
                         mde=MdeConfig.load(), report=ReportSettings.load(tmp_path))
    cover = render.render_html(ctx).split("</header>")[0]
    assert '<p class="cover-org">Emploi Exemple</p>' in cover
    assert f'<img class="cover-logo" src="{(tmp_path / "logo.png").as_uri()}" alt="Logo de Emploi Exemple">' in cover
    assert "Avant-propos" not in render.render_html(ctx)  # this folder has no text for 2025: no foreword, no placeholder
